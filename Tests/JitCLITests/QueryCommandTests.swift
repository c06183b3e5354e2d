import Foundation
import JitCore
import JitTestSupport
import Testing

/// `jit query`: what each question means, its order, its errors, and its JSON.
@Suite struct QueryCommandTests {
  func ids(_ result: CommandResult) throws -> [String] {
    try result.array().compactMap { $0["id"] as? String }
  }

  @Test func readyIsStateReadyAndUnassignedByPriorityThenAge() throws {
    let repo = try TemporaryRepository()
    let low = try repo.create("low", "--priority", "low")
    let first = try repo.create("first normal")
    let critical = try repo.create("critical", "--priority", "critical")
    let second = try repo.create("second normal")
    let planned = try repo.create("planned")
    #expect(repo.run("issue", "assign", planned, "--to", "agent:a").status == 0)
    let blocked = try repo.create("blocked", "--dep", low)
    let ready = repo.run("query", "ready", "--json")
    #expect(ready.status == 0)
    #expect(try ids(ready) == [critical, first, second, low])
    #expect(try !ids(ready).contains(blocked))
    let table = repo.run("query", "ready").stdout
    #expect(table.hasPrefix("ID"))
    #expect(table.contains(String(critical.suffix(8))))
  }

  @Test func blockedGivesEveryReasonWithStates() throws {
    let repo = try TemporaryRepository()
    try repo.saveGates(SyntheticRepository.gates)
    let prerequisite = try repo.create("prerequisite")
    let waiting = try repo.create("waiting", "--dep", prerequisite, "--gate", "design", "--gate", "review")
    let gated = try repo.create("gated work", "--gate", "review")
    #expect(repo.run("issue", "claim", gated, "--to", "agent:a").status == 0)
    #expect(repo.run("issue", "complete", gated, "--by", "agent:a").status == 0)
    let result = repo.run("query", "blocked", "--json")
    #expect(result.status == 0)
    let rows = try result.array()
    #expect(rows.compactMap { $0["id"] as? String } == [waiting, gated])
    let first = try #require(rows.first?["blocked_by"] as? [String: Any])
    #expect(rows.first?["blocked"] as? Bool == true)
    let dependencies = try #require(first["dependencies"] as? [[String: Any]])
    #expect(dependencies.first?["id"] as? String == prerequisite)
    #expect(dependencies.first?["state"] as? String == "ready")
    #expect(dependencies.first?["title"] as? String == "prerequisite")
    // A precheck gate holds a backlog issue; a postcheck gate does not until the work is done.
    let gates = try #require(first["gates"] as? [[String: Any]])
    #expect(gates.map { $0["key"] as? String } == ["design"])
    #expect(gates.first?["status"] as? String == "pending")
    let gatedReasons = try #require(
      (rows.last?["blocked_by"] as? [String: Any])?["gates"] as? [[String: Any]])
    #expect(gatedReasons.map { $0["key"] as? String } == ["review"])
    #expect(repo.run("query", "blocked").stdout.contains("waiting on \(prerequisite.suffix(8)) (ready)"))
  }

  @Test func assigneeStateAndPriorityFilter() throws {
    let repo = try TemporaryRepository()
    let mine = try repo.create("mine", "--priority", "high")
    let other = try repo.create("other")
    #expect(repo.run("issue", "claim", mine, "--to", "agent:me").status == 0)
    #expect(try ids(repo.run("query", "assignee", "agent:me", "--json")) == [mine])
    #expect(try ids(repo.run("query", "state", "in_progress", "--json")) == [mine])
    #expect(try ids(repo.run("query", "state", "in-progress", "--json")) == [mine])
    #expect(try ids(repo.run("query", "state", "open", "--json")) == [mine, other])
    #expect(try ids(repo.run("query", "priority", "HIGH", "--json")) == [mine])
    let none = repo.run("query", "priority", "critical", "--json")
    #expect(none.stdout == "[]\n")
    #expect(repo.run("query", "priority", "critical").stdout == "No issues.\n")
  }

  @Test(arguments: [
    (["query", "assignee", "no body"], "INVALID_ACTOR"),  // a bare name is an agent; a space is in none
    (["query", "state", "blocked"], "INVALID_FILTER"),
    (["query", "priority", "urgent"], "INVALID_ARGUMENT"),
  ])
  func badArgumentsAreUsageErrors(arguments: [String], code: String) throws {
    let repo = try TemporaryRepository()
    let result = repo.run(arguments + ["--json"])
    #expect(result.status == 2)
    #expect(result.errorCode == code)
  }
}

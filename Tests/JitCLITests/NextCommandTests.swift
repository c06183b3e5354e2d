import Foundation
import JitTestSupport
import Testing

/// `jit next`, the gates in claim answers, why `NO_READY_ISSUE`, and the shaping of JSON
/// (`--fields`, `--compact`, `--jsonl`).
@Suite struct NextCommandTests {
  @Test func nextGoesFromReadyToInProgressToReworkToNothing() throws {
    let repo = try TemporaryRepository()
    #expect(
      repo.run("gate", "define", "tests", "--title", "Tests", "--auto", "--command", "false").status == 0)
    let low = try repo.create("low", "--priority", "low")
    let urgent = try repo.create("urgent", "--priority", "critical", "--gate", "tests")

    let ready = try repo.run("next", "--by", "w1", "--json").object()
    #expect(ready["next"] as? String == "ready")
    #expect(ready["actor"] as? String == "agent:w1")
    let issue = try #require(ready["issue"] as? [String: Any])
    #expect(issue["id"] as? String == urgent)
    let gates = try #require((issue["until_done"] as? [String: Any])?["gates"] as? [[String: Any]])
    #expect(gates.compactMap { $0["key"] as? String } == ["tests"])
    #expect(ready["command"] as? String == "jit issue claim \(urgent.suffix(8)) --to agent:w1")
    #expect(try repo.state(urgent) == "ready", "next only looks: it claims nothing")

    _ = try repo.run("issue", "claim", urgent, "--to", "w1", "--json").object()
    let mine = try repo.run("next", "--by", "w1", "--json").object()
    #expect(mine["next"] as? String == "in_progress")
    #expect((mine["issue"] as? [String: Any])?["id"] as? String == urgent)

    #expect(repo.run("issue", "complete", urgent, "--by", "w1").status == 0)
    _ = repo.run("gate", "check", urgent)  // the checker fails: back to in_progress
    let rework = try repo.run("next", "--by", "w1", "--json").object()
    #expect(rework["next"] as? String == "rework")
    #expect((rework["command"] as? String)?.contains("jit gate check") == true)
    let text = repo.run("next", "--by", "w1")
    #expect(text.stdout.hasPrefix("Rework (a gate failed): \(urgent.suffix(8))"))

    _ = try repo.run("issue", "claim", low, "--to", "w2", "--json").object()
    let nothing = try repo.run("next", "--by", "w3", "--json").object()
    #expect(nothing["next"] as? String == "nothing")
    #expect(nothing["issue"] is NSNull)
    let why = try #require(nothing["why"] as? [String: Any])
    #expect(why["in_progress"] as? Int == 2)
    #expect(why["ready"] as? Int == 0)
  }

  @Test func claimAnswersWithTheGatesToPass() throws {
    let repo = try TemporaryRepository()
    #expect(repo.run("gate", "define", "review", "--title", "Review").status == 0)
    let id = try repo.create("gated", "--gate", "review")
    let claimed = try repo.run("issue", "claim-next", "--to", "w1", "--json").object()
    let pending = try #require((claimed["until_done"] as? [String: Any])?["gates"] as? [[String: Any]])
    #expect(pending.first?["key"] as? String == "review")
    #expect(pending.first?["kind"] as? String == "manual")
    #expect((claimed["gates_blocking_done"] as? [[String: Any]])?.count == 1)
    // In words too.
    let other = try repo.create("also gated", "--gate", "review")
    let text = repo.run("issue", "claim", other, "--to", "w2")
    #expect(text.stdout.contains("Gates to pass:\n  review (manual): a person other than agent:w2 passes it"))
    // An issue without gates says so with an empty list.
    let plain = try repo.create("plain")
    let answer = try repo.run("issue", "claim", plain, "--to", "w3", "--json").object()
    #expect((answer["until_done"] as? [String: Any])?["gates"] as? [Any] != nil)
    #expect(id != other)
  }

  @Test func noReadyIssueSaysHowManyAreBlockedByWhatAndExcluded() throws {
    let repo = try TemporaryRepository()
    let base = try repo.create("base")
    _ = try repo.create("one", "--dep", base)
    _ = try repo.create("two", "--dep", base)
    _ = try repo.run("issue", "claim", base, "--to", "w1", "--json").object()
    _ = try repo.create("low", "--priority", "low")
    let before = try repo.snapshot()
    let result = repo.run("issue", "claim-next", "--filter", "priority:high", "--to", "w2", "--json")
    #expect(result.status == 3)
    #expect(result.errorCode == "NO_READY_ISSUE")
    let details = try #require((try result.object()["error"] as? [String: Any])?["details"] as? [String: Any])
    #expect(details["blocked"] as? Int == 2)
    #expect(details["excluded_by_filter"] as? Int == 1)
    #expect(details["ready"] as? Int == 1)
    #expect(details["in_progress"] as? Int == 1)
    let blockers = try #require(details["blockers"] as? [[String: Any]])
    #expect(blockers.first?["id"] as? String == base)
    #expect(blockers.first?["holds"] as? Int == 2)
    #expect(blockers.first?["kind"] as? String == "issue")
    #expect(result.stderr.contains("1 ready excluded by the filter"))
    #expect(try repo.snapshot() == before)
  }

  @Test func fieldsCompactAndJSONLinesShapeTheAnswer() throws {
    let repo = try TemporaryRepository()
    let first = try repo.create("first", "--priority", "high")
    let second = try repo.create("second")
    let fields = repo.run("issue", "list", "--fields", "id,title")
    #expect(fields.status == 0)
    let rows = try fields.array()
    #expect(rows.map { Set($0.keys) } == [["id", "title"], ["id", "title"]])
    #expect(rows.compactMap { $0["id"] as? String } == [first, second])

    let compact = repo.run("issue", "show", first, "--compact")
    #expect(compact.stdout.hasSuffix("}\n"))
    #expect(compact.stdout.dropLast().contains("\n") == false)
    #expect(try compact.object()["id"] as? String == first)

    let lines = repo.run("query", "ready", "--jsonl", "--fields", "id")
    #expect(lines.stdout == "{\"id\":\"\(first)\"}\n{\"id\":\"\(second)\"}\n")
    #expect(repo.run("query", "ready", "--jsonl", "--limit", "1").stdout.split(separator: "\n").count == 1)

    // Errors keep their envelope whole, and a bad list of fields is refused.
    let missing = repo.run("issue", "show", "ZZZZZZZZ", "--fields", "id")
    #expect(missing.errorCode == "ISSUE_NOT_FOUND")
    for bad in ["", "id,,title", "ID"] {
      let refused = repo.run("issue", "list", "--fields", bad)
      #expect(refused.status == 2)
      #expect(refused.errorCode == "INVALID_ARGUMENT")
    }
  }
}

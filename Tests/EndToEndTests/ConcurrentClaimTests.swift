import Foundation
import JitTestSupport
import Testing

/// Real processes of the built `jit` racing for the same work.
@Suite struct ConcurrentClaimTests {
  @Test func sixteenProcessesRacingClaimNextNeverShareAnIssue() async throws {
    let jit = try BuiltBinary.path("jit")
    let repo = try TemporaryRepository()
    let poolSize = 48
    var pool: Set<String> = []
    for index in 0..<poolSize { pool.insert(try repo.create("task \(index)")) }
    let environment = repo.environment

    // 16 workers, each a loop of separate `jit issue claim-next` processes until nothing is left.
    let claims = try await withThrowingTaskGroup(of: (String, [String]).self) { group in
      for worker in 0..<16 {
        group.addTask {
          let name = "agent:worker-\(worker)"
          var mine: [String] = []
          while true {
            let result = try BuiltBinary.run(
              jit, ["issue", "claim-next", "--to", name, "--json"], in: repo.root, environment: environment)
            if result.status == 3 { break }  // NO_READY_ISSUE: the pool is empty
            guard result.status == 0 else { throw HarnessError("claim-next failed: \(result.stderr)") }
            // One call, one issue: the output is a single issue object held by this worker.
            let issue = try result.object()
            #expect(issue["assignee"] as? String == name)
            #expect(issue["state"] as? String == "in_progress")
            mine.append(try #require(issue["id"] as? String))
          }
          return (name, mine)
        }
      }
      var all: [(String, [String])] = []
      for try await claim in group { all.append(claim) }
      return all
    }

    let claimed = claims.flatMap(\.1)
    #expect(claimed.count == poolSize, "every issue claimed exactly once")
    #expect(Set(claimed) == pool)
    // The files agree with what each process was told, and every one still parses.
    for (name, ids) in claims {
      for id in ids {
        let shown = try repo.show(id)
        #expect(shown["assignee"] as? String == name)
      }
    }
    let listed = try repo.run("issue", "list", "--json").array()
    #expect(listed.count == poolSize)
    let claimEvents = try repo.events().filter { $0["event"] as? String == "issue.claimed" }
    #expect(claimEvents.count == poolSize)
    #expect(Set(claimEvents.compactMap { $0["id"] as? String }) == pool)
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: repo.layout.issuesDirectory)
      .filter { $0.hasSuffix(".tmp") }
    #expect(leftovers.isEmpty)
  }

  @Test func twoProcessesClaimingOneIssueOneWinsOneGetsAConflict() async throws {
    let jit = try BuiltBinary.path("jit")
    let repo = try TemporaryRepository()
    let id = try repo.create("contested")
    let environment = repo.environment
    let results = try await withThrowingTaskGroup(of: CommandResult.self) { group in
      for worker in 0..<8 {
        group.addTask {
          try BuiltBinary.run(
            jit, ["issue", "claim", id, "--to", "agent:w\(worker)", "--json"], in: repo.root,
            environment: environment)
        }
      }
      var all: [CommandResult] = []
      for try await result in group { all.append(result) }
      return all
    }
    #expect(results.filter { $0.status == 0 }.count == 1)
    let losers = results.filter { $0.status != 0 }
    #expect(losers.count == 7)
    for loser in losers {
      #expect(loser.status == 5)
      #expect(loser.errorCode == "ALREADY_ASSIGNED")
    }
  }
}

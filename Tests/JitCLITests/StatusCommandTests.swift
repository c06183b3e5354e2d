import Foundation
import JitTestSupport
import Testing

/// `jit status`.
@Suite struct StatusCommandTests {
  @Test func countsByStateBlockedAndReady() throws {
    let repo = try TemporaryRepository()
    try repo.defineGates()
    let a = try repo.create("a")
    _ = try repo.create("b", "--dep", a)
    _ = try repo.create("c", "--gate", "design")  // a precheck gate holds it in backlog
    let d = try repo.create("d")
    let e = try repo.create("e")
    #expect(repo.run("issue", "claim", d, "--to", "agent:w").status == 0)
    #expect(repo.run("issue", "assign", e, "--to", "agent:w").status == 0)
    let f = try repo.create("f")
    #expect(repo.run("issue", "archive", f).status == 0)

    let status = try repo.run("status", "--json").object()
    #expect(status["total"] as? Int == 6)
    #expect(status["open"] as? Int == 5)
    #expect(status["blocked"] as? Int == 2)  // b (waits on a) and c (design gate)
    #expect(status["ready"] as? Int == 1)  // a; e is ready but assigned
    let byState = try #require(status["by_state"] as? [String: Int])
    #expect(byState == ["backlog": 2, "ready": 2, "in_progress": 1, "gated": 0, "done": 0, "archived": 1])

    let text = repo.run("status").stdout
    #expect(text.hasPrefix("6 issues, 5 open: 1 ready to claim, 2 blocked"))
    #expect(text.contains("in_progress  1"))
  }

  @Test func anEmptyRepositoryHasZeroes() throws {
    let repo = try TemporaryRepository()
    let status = try repo.run("status", "--json").object()
    #expect(status["total"] as? Int == 0)
    #expect((status["by_state"] as? [String: Int])?.values.allSatisfy { $0 == 0 } == true)
    let outside = try TemporaryRepository(initialize: false)
    #expect(outside.run("status", "--json").errorCode == "NOT_INITIALIZED")
  }
}

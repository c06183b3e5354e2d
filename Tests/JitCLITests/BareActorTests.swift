import Foundation
import JitTestSupport
import Testing

/// A bare name is an agent wherever an actor is typed: `--to`, `--by`, `JIT_ACTOR`, `query
/// assignee` and `--filter assignee:`; it is stored in full.
@Suite struct BareActorTests {
  @Test func toAndByTakeABareNameAsAnAgent() throws {
    let repo = try TemporaryRepository()
    let id = try repo.create("work")
    let claimed = try repo.run("issue", "claim", id, "--to", "copilot-1", "--json").object()
    #expect(claimed["assignee"] as? String == "agent:copilot-1")
    let completed = repo.run("issue", "complete", id, "--by", "copilot-1", "--json")
    #expect(completed.status == 0, "\(completed.stderr)")
    #expect(try repo.state(id) == "done")
    let byActor = try repo.events().filter { $0["id"] as? String == id }.compactMap { $0["by"] as? String }
    #expect(byActor.contains("agent:copilot-1"))
    #expect(!byActor.contains("copilot-1"))
  }

  @Test func jitActorTakesABareName() throws {
    let repo = try TemporaryRepository()
    let id = try repo.create("work")
    let claimed = repo.run("issue", "claim-next", "--json", environment: ["JIT_ACTOR": "copilot-2"])
    #expect(try claimed.object()["assignee"] as? String == "agent:copilot-2")
    let mine = try repo.run("query", "assignee", "copilot-2", "--json").array()
    #expect(mine.compactMap { $0["id"] as? String } == [id])
    let filtered = try repo.run("issue", "list", "--filter", "assignee:copilot-2", "--json").array()
    #expect(filtered.compactMap { $0["id"] as? String } == [id])
    let listed = try repo.run("issue", "list", "--assignee", "copilot-2", "--json").array()
    #expect(listed.compactMap { $0["id"] as? String } == [id])
  }

  @Test(arguments: ["bad name", "x:", ":x", "a:b:c"])
  func aMalformedActorIsStillRefused(_ text: String) throws {
    let repo = try TemporaryRepository()
    let id = try repo.create("work")
    let before = try repo.snapshot()
    let result = repo.run("issue", "claim", id, "--to", text, "--json")
    #expect(result.status == 2)
    #expect(result.errorCode == "INVALID_ACTOR")
    #expect(result.stderr.contains("a bare name"))
    #expect(try repo.snapshot() == before)
    let fromEnvironment = repo.run("issue", "claim", id, "--json", environment: ["JIT_ACTOR": text])
    #expect(fromEnvironment.errorCode == "INVALID_ACTOR")
  }
}

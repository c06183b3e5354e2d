import JitCore
import JitTestSupport
import Testing

@testable import JitPostgres

/// `jit_meta.states_checked` (schema version 3): a write looks at every issue for stale derived
/// states only while the database does not know them to be right, and a write that leaves one
/// stale (as a change bypassing the tracker does) clears the flag, so the next write corrects it.
@Suite(.enabled(if: PostgresServer.isInstalled, "PostgreSQL 15 is not installed"))
struct PostgresStatesTests {
  var human: Actor { get throws { try Actor(validating: "human:alice") } }
  var agent: Actor { get throws { try Actor(validating: "agent:a1") } }

  @Test func theFlagIsSetByAFullLookClearedByAStaleRowAndTheNextWriteCorrectsIt() throws {
    let conninfo = try PostgresServer.shared().makeDatabase()
    let store = PostgresStore(conninfo: conninfo)
    try store.create(toolVersion: "test")
    let connection = try PostgresConnection(conninfo)
    func flag() throws -> String? {
      try connection.query("SELECT states_checked FROM jit_meta").first?.first ?? nil
    }
    #expect(try flag() == "f", "a new store has not been looked at")

    let clock = TestClock()
    let tracker = Tracker(store: store, clock: { clock.tick() })
    let a = try tracker.create(IssueDraft(title: "A"), by: human).id
    #expect(try flag() == "t", "the first write looked at every issue")
    _ = try tracker.claim(IssueReference(a), to: agent)
    _ = try tracker.complete(IssueReference(a), by: agent)
    let e = try tracker.create(IssueDraft(title: "E", dependencies: [a]), by: human).id
    #expect(try store.read { try $0.load(e) }.state == .ready)
    #expect(try flag() == "t", "the tracker's writes keep every state right")

    // A reopened by a write that bypasses the tracker: E's stored ready is stale now.
    var reopened = try store.read { try $0.load(a) }
    reopened.state = .ready
    reopened.assignee = nil
    try store.write { try $0.save(reopened) }
    #expect(try flag() == "f", "the write saw that a dependent of its row is stale")

    _ = try tracker.create(IssueDraft(title: "unrelated"), by: human)
    #expect(
      try store.read { try $0.load(e) }.state == .backlog,
      "the next write looked at every issue and corrected E")
    #expect(try flag() == "t")
  }
}

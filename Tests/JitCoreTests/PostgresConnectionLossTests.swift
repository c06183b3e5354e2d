import JitCore
import JitPostgres
import JitTestSupport
import Testing

/// A PostgreSQL store whose connection is cut in the middle of a write: the command fails as
/// `STORE_UNAVAILABLE`, nothing of the unit is kept, and the next command works without repair.
@Suite struct PostgresConnectionLossTests {
  @Test func aConnectionCutMidWriteKeepsNothingAndTheNextWriteWorks() throws {
    let server = try PostgresServer.shared()
    let name = "jit_cut_\(UInt32.random(in: 0...UInt32.max))"
    let store = PostgresStore(conninfo: try server.makeDatabase() + "&application_name=\(name)")
    try store.create(toolVersion: "test")
    let tracker = Tracker(store: store, clock: { TestClock().tick() })
    let lead = try Actor(validating: "human:lead")
    let kept = try tracker.create(IssueDraft(title: "kept"), by: lead)

    let cut = #expect(throws: JitError.self) {
      try store.write { session in
        var changed = try session.load(kept.id)
        changed.title = "half"
        try session.save(changed)
        try session.append([
          Event(ts: Timestamp(millisecondsSince1970: 1), event: "issue.updated", eventID: "x")
        ])
        // Another client ends this session's backend, as a server restart or a network cut would.
        try server.psql(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '\(name)'")
      }
    }
    #expect(cut?.code == .storeUnavailable)
    #expect(cut?.exitCode == 10)
    #expect(try store.load(kept.id).title == "kept", "nothing of the cut write was kept")
    #expect(try store.allEvents().count == 1, "only the creation's event")
    let next = try tracker.create(IssueDraft(title: "after"), by: lead)
    #expect(try store.loadAll().map(\.id).sorted() == [kept.id, next.id].sorted())
  }
}

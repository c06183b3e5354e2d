import JitTestSupport
import Testing

@testable import JitCore

/// After a merge a file may keep a derived state its dependencies no longer allow. Reads judge by
/// the rules (ready never overlaps blocked) and the next write corrects the file, on every backend.
@Suite struct StaleDerivedStateTests {
  var human: Actor { get throws { try Actor(validating: "human:alice") } }
  var agent: Actor { get throws { try Actor(validating: "agent:a1") } }

  /// A is done and E, depending on it, ready; then A's file is changed as a merge with a branch
  /// that reopened A would change it, leaving E's file saying ready.
  func mergedReopen(_ backend: StoreBackend) throws -> (Tracker, a: IssueID, e: IssueID) {
    let tracker = try backend.tracker()
    let a = try tracker.create(IssueDraft(title: "A"), by: human).id
    _ = try tracker.claim(IssueReference(a), to: agent)
    _ = try tracker.complete(IssueReference(a), by: agent)
    let e = try tracker.create(IssueDraft(title: "E", dependencies: [a]), by: human).id
    #expect(try tracker.store.load(e).state == .ready)
    var reopened = try tracker.store.load(a)
    reopened.state = .ready
    reopened.assignee = nil
    try tracker.store.write { try $0.save(reopened) }
    return (tracker, a, e)
  }

  @Test(arguments: StoreBackend.allCases) func readyNeverListsWhatBlockedLists(backend: StoreBackend) throws {
    let (tracker, a, e) = try mergedReopen(backend)
    #expect(try tracker.query(.ready).map(\.id) == [a])
    #expect(try tracker.query(.blocked).map(\.id) == [e])
    #expect(try tracker.status().ready == 1)
    #expect(try tracker.store.read { try $0.claimCandidates(IssueFilter(), limit: 8) } == [a])
    #expect(try tracker.store.read { try $0.staleDerivedStates() } == [e])
    #expect(throws: JitError.self) { try tracker.claim(IssueReference(e), to: agent) }
  }

  @Test(arguments: StoreBackend.allCases) func theNextWriteCorrectsTheFileWithAnEvent(backend: StoreBackend)
    throws
  {
    let (tracker, _, e) = try mergedReopen(backend)
    _ = try tracker.create(IssueDraft(title: "unrelated"), by: human)
    #expect(try tracker.store.load(e).state == .backlog)
    let event = try tracker.store.allEvents().last { $0.issueID == e }
    #expect(event?.event == "issue.state_changed")
    #expect(event?.fields["reason"] == .string(Tracker.rederivedReason))
    #expect(event?.fields["to"] == "backlog")
    #expect(try tracker.store.read { try $0.staleDerivedStates() }.isEmpty)
  }

  /// A merge of `gates.json` can make a gate an issue requires a precheck gate: its file still says
  /// ready, but the pending gate now holds it back.
  @Test(arguments: StoreBackend.allCases) func aGateMadePrecheckByAMergeHoldsItsIssueBack(
    backend: StoreBackend
  )
    throws
  {
    let design = GateDefinition(key: "design", title: "Design")
    let tracker = try backend.tracker(gates: GateRegistry(gates: ["design": design]))
    let issue = try tracker.create(IssueDraft(title: "X", gates: [GateKey("design")]), by: human).id
    #expect(try tracker.query(.ready).map(\.id) == [issue])
    var merged = design
    merged.stage = .precheck
    try tracker.store.write { try $0.saveGates(GateRegistry(gates: ["design": merged])) }
    #expect(try tracker.query(.ready).isEmpty)
    #expect(try tracker.query(.blocked).map(\.id) == [issue])
    #expect(try tracker.store.read { try $0.claimCandidates(IssueFilter(), limit: 8) }.isEmpty)
    #expect(try tracker.store.read { try $0.staleDerivedStates() } == [issue])
  }
}

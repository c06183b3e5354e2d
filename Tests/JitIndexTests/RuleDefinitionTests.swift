import Foundation
import JitCore
import JitTestSupport
import Testing

@testable import JitIndex

/// The index's SQL forms of the rules (work order, claimable, blocked, filters) give what the one
/// Swift definition of each gives, on generated repositories.
@Suite struct RuleDefinitionTests {
  static let filters = [
    "", "priority:high|critical", "priority:low", "state:backlog|ready", "state:open", "assignee:none",
    "assignee:agent:worker-1|none priority:normal", "state:done assignee:agent:worker-2",
  ]

  @Test(arguments: [UInt64(3), 8, 13])
  func sqlFormsAnswerAsTheSwiftDefinitions(seed: UInt64) throws {
    let directory = try TemporaryDirectory()
    try SyntheticRepository.generate(at: directory.path, count: 400, seed: seed)
    let layout = RepositoryLayout(jitDirectory: directory.path + "/.jit")
    let store = IndexedStore(layout: layout, toolVersion: "test")
    try store.read { session in
      let issues = try session.loadAll()
      let gates = try session.gates()
      let byID = Dictionary(uniqueKeysWithValues: issues.map { ($0.id, $0) })
      let evaluator = ReadinessEvaluator(gates: gates) { byID[$0] }
      let inOrder = issues.sorted { $0.workOrderKey < $1.workOrderKey }

      let everything = try session.query(.states(Set(IssueState.allCases)), gates: gates)
      #expect(everything.map(\.id) == inOrder.map(\.id), "the work order")

      let claimable = try inOrder.filter { try evaluator.isReadyToClaim($0) }
      #expect(try session.query(.ready, gates: gates).map(\.id) == claimable.map(\.id))

      let blocked = try session.query(.blocked, gates: gates)
      let expected = try inOrder.compactMap { issue in try evaluator.blockers(issue).map { (issue.id, $0) } }
      #expect(blocked.map(\.id) == expected.map(\.0), "blocked")
      #expect(blocked.map(\.blockedSentence) == expected.map { $0.1.sentence }, "blocked reasons")

      for text in Self.filters {
        let filter = text.isEmpty ? IssueFilter() : try IssueFilter(parsing: text)
        #expect(
          try session.query(.filter(filter), gates: gates).map(\.id)
            == inOrder.filter(filter.matches).map(\.id),
          "filter '\(text)'")
        #expect(
          try session.claimCandidates(filter, limit: 25)
            == Array(claimable.filter(filter.matches).prefix(25).map(\.id)),
          "claim candidates for '\(text)'")
      }
      let roots = inOrder.filter { $0.dependencies.isEmpty && $0.state != .archived }
      #expect(try session.query(.roots(includeArchived: false), gates: gates).map(\.id) == roots.map(\.id))
      try Self.expectDependentCounts(session, issues)
      #expect(try session.statusSummary() == StatusSummary(issues, gates: gates))
      let stale = try issues.filter { try evaluator.hasStaleDerivedState($0) }.map(\.id)
      #expect(try session.staleDerivedStates() == stale, "stale derived states")
    }
  }

  /// The index's kept dependent counts of the roots equal a count of the issues' edges.
  static func expectDependentCounts(_ session: any ReadSession, _ issues: [JitCore.Issue]) throws {
    let rows = try session.query(.roots(includeArchived: true), gates: GateRegistry())
    #expect(rows.allSatisfy { $0.dependentCount != nil }, "the index keeps the counts")
    for row in rows {
      let expected = issues.filter { $0.dependencies.contains(row.id) }.count
      #expect(row.dependentCount == expected, "\(row.id.short)")
    }
    #expect(rows.map(\.id) == issues.filter { $0.dependencies.isEmpty }.sorted(by: Issue.workOrder).map(\.id))
  }

  @Test func keptCountsFollowEveryKindOfWrite() throws {
    let directory = try TemporaryDirectory()
    try SyntheticRepository.generate(at: directory.path, count: 120, seed: 17)
    let layout = RepositoryLayout(jitDirectory: directory.path + "/.jit")
    let store = IndexedStore(layout: layout, toolVersion: "test")
    let clock = TestClock()
    let tracker = Tracker(store: store, clock: { clock.tick() }, workspace: layout)
    let lead = try Actor(validating: "human:lead")
    let ids = try store.loadAll().map(\.id)
    _ = try store.read { try $0.allIDs() }  // built
    let new = try tracker.create(IssueDraft(title: "new root"), by: lead)
    let child = try tracker.create(IssueDraft(title: "child", dependencies: [new.id, ids[0]]), by: lead)
    _ = try tracker.addDependencies(
      IssueReference(ids[5].rawValue), on: [IssueReference(new.id.rawValue)], by: lead)
    _ = try tracker.removeDependencies(
      IssueReference(child.id.rawValue), on: [IssueReference(ids[0].rawValue)], by: lead)
    _ = try tracker.delete(IssueReference(new.id.rawValue), force: true, by: lead)
    try store.read { session in try Self.expectDependentCounts(session, try session.loadAll()) }
  }
}

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

      #expect(try session.query(.ready, gates: gates).map(\.id) == inOrder.filter(\.isClaimable).map(\.id))

      let blocked = try session.query(.blocked, gates: gates)
      let expected = try inOrder.compactMap { issue in try evaluator.blockers(issue).map { (issue.id, $0) } }
      #expect(blocked.map(\.id) == expected.map(\.0), "blocked")
      #expect(blocked.map(\.blockedSentence) == expected.map { $0.1.sentence }, "blocked reasons")

      for text in Self.filters {
        let filter = try IssueFilter(parsing: text)
        #expect(
          try session.query(.filter(filter), gates: gates).map(\.id)
            == inOrder.filter(filter.matches).map(\.id),
          "filter '\(text)'")
        #expect(
          try session.claimCandidates(filter, limit: 25)
            == Array(inOrder.filter { $0.isClaimable && filter.matches($0) }.prefix(25).map(\.id)),
          "claim candidates for '\(text)'")
      }
      let roots = inOrder.filter { $0.dependencies.isEmpty && $0.state != .archived }
      #expect(try session.query(.roots(includeArchived: false), gates: gates).map(\.id) == roots.map(\.id))
      #expect(try session.statusSummary() == StatusSummary(issues, gates: gates))
    }
  }
}

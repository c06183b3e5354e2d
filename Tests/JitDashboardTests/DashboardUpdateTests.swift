import JitCore
import Testing

@testable import JitDashboard

/// A snapshot brought up to date with only the issues a change touched equals one built from
/// scratch over the same issues, after each step of a sequence of changes.
@Suite struct DashboardUpdateTests {
  typealias S = DashboardSnapshotTests

  static func expectSame(_ updated: DashboardSnapshot, _ fresh: DashboardSnapshot, _ step: String) {
    #expect(updated.issues == fresh.issues, "\(step): issues")
    #expect(updated.columns == fresh.columns, "\(step): columns")
    #expect(updated.blockers == fresh.blockers, "\(step): blockers")
    #expect(updated.blockedOrder == fresh.blockedOrder, "\(step): blocked order")
    #expect(updated.waiting == fresh.waiting && updated.waitingCap == fresh.waitingCap, "\(step): waiting")
    #expect(
      updated.dependents.mapValues(Set.init) == fresh.dependents.mapValues(Set.init), "\(step): dependents")
    #expect(
      updated.byShortID.mapValues(Set.init) == fresh.byShortID.mapValues(Set.init), "\(step): short ids")
    #expect(updated.inbox.map(\.issue.id) == fresh.inbox.map(\.issue.id), "\(step): inbox")
    #expect(updated.inbox.map(\.gates) == fresh.inbox.map(\.gates), "\(step): inbox gates")
    // The orders as first defined: whole issues sorted by work order, then by waiting work.
    for state in [IssueState.backlog, .ready, .inProgress, .gated] {
      let members = fresh.issues.values.filter { $0.state == state }.sorted(by: JitCore.Issue.workOrder)
      #expect(updated.columns[state] ?? [] == members.map(\.id), "\(step): \(state) in work order")
    }
    let blocked = fresh.blockers.keys.sorted { lhs, rhs in
      let (left, right) = (fresh.waiting[lhs] ?? 0, fresh.waiting[rhs] ?? 0)
      if left != right { return left > right }
      guard let a = fresh.issues[lhs], let b = fresh.issues[rhs] else { return lhs < rhs }
      return JitCore.Issue.workOrder(a, b)
    }
    #expect(updated.blockedOrder == blocked, "\(step): blocked order by waiting work")
    #expect(BoardPage.render(updated) == BoardPage.render(fresh), "\(step): board page")
    #expect(BlockedPage.render(updated) == BlockedPage.render(fresh), "\(step): blocked page")
  }

  @Test func anIncrementalUpdateEqualsAFullRebuild() {
    let gates = GateRegistry(gates: [
      "review": GateDefinition(key: "review", title: "Review", stage: .precheck)
    ])
    var current = DashboardSnapshot(
      issues: Array(S.snapshot.issues.values), gates: gates, readAt: Timestamp(millisecondsSince1970: 0))
    var all = current.issues
    var clock: Int64 = 1_700_000_100_000
    func step(_ name: String, _ changes: [IssueID: JitCore.Issue?]) {
      clock += 1
      let at = Timestamp(millisecondsSince1970: clock)
      for (id, issue) in changes { all[id] = issue }
      current = current.updating(changes, gates: gates, readAt: at)
      Self.expectSame(current, DashboardSnapshot(issues: Array(all.values), gates: gates, readAt: at), name)
    }
    var created = S.issue(8, .backlog, deps: [7])
    created.gatesRequired = ["review"]
    step("create", [created.id: created])
    var claimed = all[S.id(1)]!
    claimed.state = .inProgress
    claimed.assignee = try? Actor(validating: "agent:alpha")
    step("claim", [claimed.id: claimed])
    var completed = claimed
    completed.state = .done
    completed.updatedAt = Timestamp(millisecondsSince1970: clock)
    var ready = all[S.id(5)]!
    ready.state = .ready
    step("complete, a dependent ready", [completed.id: completed, ready.id: ready])
    var depended = all[S.id(7)]!
    depended.dependencies.append(S.id(4))
    step("dep add", [depended.id: depended])
    var archived = all[S.id(6)]!
    archived.state = .archived
    step("archive", [archived.id: archived])
    #expect(current.inbox.map(\.issue.id) == [created.id], "the new issue waits on its precheck gate")
    step("delete", [S.id(3): nil])
  }
}

import JitCore
import Testing

@testable import JitDashboard

/// The snapshot's derived facts and the pages' escaping, over values in memory.
@Suite struct DashboardSnapshotTests {
  static func id(_ n: Int) -> IssueID {
    let digits = String(n)
    guard
      let id = IssueID("01JAAAAAAAAAAAAAAAAAAA" + String(repeating: "0", count: 4 - digits.count) + digits)
    else {
      preconditionFailure("not an id: \(n)")
    }
    return id
  }

  static func issue(_ n: Int, _ state: IssueState, deps: [Int] = [], title: String? = nil) -> JitCore.Issue {
    JitCore.Issue(
      id: id(n), title: title ?? "issue \(n)", state: state, dependencies: deps.map(id),
      createdAt: Timestamp(millisecondsSince1970: Int64(1_700_000_000_000 + n)))
  }

  /// 1 is ready; 2 and 5 wait on it; 3 waits on 2 and 4 on 3; 6 is done and 7 waits on it only.
  static let snapshot = DashboardSnapshot(
    issues: [
      issue(1, .ready), issue(2, .backlog, deps: [1]), issue(3, .backlog, deps: [2]),
      issue(4, .backlog, deps: [3]),
      issue(5, .backlog, deps: [1]), issue(6, .done), issue(7, .ready, deps: [6]),
    ], gates: GateRegistry(), readAt: Timestamp(millisecondsSince1970: 0))

  @Test func blockedWorkIsOrderedByHowMuchOpenWorkWaitsOnIt() {
    let s = Self.snapshot
    #expect(Set(s.blockers.keys) == Set([2, 3, 4, 5].map(Self.id)), "7's dependency is done: not blocked")
    #expect(s.waiting[Self.id(2)] == 2 && s.waiting[Self.id(3)] == 1 && s.waiting[Self.id(4)] == 0)
    #expect(s.waiting[Self.id(1)] == 4, "the open dependency a reason names is counted too")
    #expect(s.blockedOrder.prefix(2) == [Self.id(2), Self.id(3)])
    #expect(s.blockers[Self.id(4)]?.dependencies.map(\.state) == ["backlog"])
  }

  @Test func theBoardHasAColumnPerStateInWorkOrder() {
    let s = Self.snapshot
    #expect(s.columns[.backlog] == [2, 3, 4, 5].map(Self.id))
    #expect(s.columns[.ready] == [1, 7].map(Self.id))
    let board = BoardPage.render(s, limit: 2, done: 0)
    #expect(board.contains("2 more: show 200 more"), "backlog holds 4 and shows 2")
    #expect(board.contains("1 more done (collapsed)"))
    #expect(!board.contains("card-" + Self.id(6).rawValue), "done work collapsed to none")
  }

  @Test func changedIssuesReplaceTheirOldSelves() {
    var done = Self.issue(1, .done)
    done.title = "finished"
    let next = Self.snapshot.updating(
      [Self.id(1): done, Self.id(5): nil], gates: GateRegistry(), readAt: Timestamp(millisecondsSince1970: 1))
    #expect(next.issues[Self.id(5)] == nil && next.issues[Self.id(1)]?.title == "finished")
    #expect(next.blockers[Self.id(2)] == nil, "its dependency is done now")
  }

  @Test(arguments: [
    ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ("a \"b\" & 'c'", "a &quot;b&quot; &amp; &#39;c&#39;"), ("plain", "plain"), ("é<", "é&lt;"),
  ])
  func userTextIsEscaped(_ text: String, _ expected: String) {
    #expect(HTML.escaped(text) == expected)
    let page = BoardPage.render(
      DashboardSnapshot(
        issues: [Self.issue(1, .ready, title: text)], gates: GateRegistry(),
        readAt: Timestamp(millisecondsSince1970: 0)))
    #expect(page.contains(expected))
  }
}

import JitCore

/// `/blocked`: every open issue something holds back, with every reason (each dependency that is
/// not done with its state, each gate that has not passed, a hold), the issues most open work
/// waits on first; `pageSize` to a page.
enum BlockedPage {
  static let pageSize = 100

  static func render(_ snapshot: DashboardSnapshot, page: Int = 1) -> String {
    let order = snapshot.blockedOrder
    let pages = max(1, (order.count + pageSize - 1) / pageSize)
    let page = min(max(page, 1), pages)
    return Layout.page(title: "Blocked", here: "/blocked") { html in
      html.raw("<h1>Blocked work</h1><p class=\"summary\">")
      html.text(
        "\(order.count) open issues held back, ordered by how much open work waits on each "
          + "(finishing it starts to unblock them). Page \(page) of \(pages).")
      html.raw("</p>")
      pager(page: page, pages: pages, into: &html)
      html.raw(
        "<table class=\"blocked\"><tr><th>issue</th><th>state</th><th>priority</th><th>waiting on it</th>"
          + "<th>blocked by</th></tr>")
      for id in order.dropFirst((page - 1) * pageSize).prefix(pageSize) {
        guard let issue = snapshot.issues[id], let reasons = snapshot.blockers[id] else { continue }
        html.raw("<tr id=\"blocked-" + id.rawValue + "\"><td>")
        Layout.issueLink(id, title: issue.title, into: &html)
        html.raw("</td><td>")
        Layout.state(issue.state, into: &html)
        html.raw("</td><td>")
        Layout.priority(issue.priority, into: &html)
        let waiting = snapshot.waiting[id] ?? 0
        html.raw("</td><td>" + (waiting >= snapshot.waitingCap ? "\(waiting)+" : "\(waiting)") + "</td><td>")
        reasonsList(reasons, waiting: snapshot.waiting, cap: snapshot.waitingCap, into: &html)
        html.raw("</td></tr>")
      }
      html.raw("</table>")
      pager(page: page, pages: pages, into: &html)
    }
  }

  /// Every reason, one per line: dependencies with their states (those more open work waits on
  /// first, with that count when it is known), gates with status and stage, a hold.
  static func reasonsList(
    _ reasons: BlockingReasons, waiting: [IssueID: Int] = [:], cap: Int = Int.max, into html: inout HTML
  ) {
    html.raw("<ul class=\"reasons\">")
    let dependencies = reasons.dependencies.enumerated().sorted { lhs, rhs in
      let left = waiting[lhs.element.id] ?? -1
      let right = waiting[rhs.element.id] ?? -1
      return left != right ? left > right : lhs.offset < rhs.offset
    }.map(\.element)
    for dependency in dependencies {
      html.raw("<li>dependency ")
      Layout.issueLink(dependency.id, title: dependency.title, into: &html)
      html.raw(" is ")
      Layout.state(named: dependency.state, into: &html)
      if let count = waiting[dependency.id] {
        html.text(" · \(count >= cap ? "\(count)+" : "\(count)") open issues wait on it")
      }
      html.raw("</li>")
    }
    for gate in reasons.gates {
      html.raw("<li>gate ")
      Layout.gateChip(gate.key, gate.status, into: &html)
      html.text(" " + gate.status.rawValue + (gate.stage.map { " (\($0.rawValue))" } ?? " (not defined)"))
      html.raw("</li>")
    }
    if let hold = reasons.hold {
      html.raw("<li><span class=\"badge held\">held</span> ")
      html.text("by \(hold.by) at \(hold.at): \(hold.reason)")
      html.raw("</li>")
    }
    html.raw("</ul>")
  }

  static func pager(page: Int, pages: Int, into html: inout HTML) {
    guard pages > 1 else { return }
    html.raw("<div class=\"pager\">")
    if page > 1 { html.raw("<a href=\"/blocked?page=\(page - 1)\">← previous</a>") }
    if page < pages { html.raw("<a href=\"/blocked?page=\(page + 1)\">next →</a>") }
    html.raw("</div>")
  }
}

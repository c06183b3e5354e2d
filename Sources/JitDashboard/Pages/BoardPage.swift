import JitCore

/// `/`: the board, one column per state, cards in work order (done work latest first). Each column
/// shows at most `limit` cards and done work is collapsed to its latest `done` cards, with a link
/// for more: at 100,000 issues the page stays small.
enum BoardPage {
  static let defaultLimit = 100
  static let defaultDone = 20

  static func render(_ snapshot: DashboardSnapshot, limit: Int = defaultLimit, done: Int = defaultDone)
    -> String
  {
    let counts = snapshot.counts
    let total = snapshot.issues.count
    return Layout.page(title: "Board", here: "/") { html in
      html.raw("<h1>Board</h1><p class=\"summary\">")
      html.text(
        "\(total) issues · \(snapshot.blockers.count) blocked · \(snapshot.inbox.count) waiting for a person"
          + ((counts[.archived] ?? 0) > 0 ? " · \(counts[.archived] ?? 0) archived (not shown)" : ""))
      html.raw("</p><div class=\"board\">")
      for state in DashboardSnapshot.boardStates {
        let ids = snapshot.columns[state] ?? []
        let shown = state == .done ? done : limit
        html.raw("<section class=\"column\" data-state=\"" + state.rawValue + "\"><h2>")
        html.text(state.rawValue.replacing("_", with: " "))
        html.raw("<span class=\"count\">\(ids.count)</span></h2>")
        for id in ids.prefix(shown) {
          guard let issue = snapshot.issues[id] else { continue }
          card(issue, blocked: snapshot.blockers[id] != nil, into: &html)
        }
        if ids.count > shown {
          let more = ids.count - shown
          let query =
            state == .done
            ? "?limit=\(limit)&done=\(min(shown + 200, 100_000))"
            : "?limit=\(min(shown + 200, 100_000))&done=\(done)"
          html.raw("<a class=\"more\" href=\"/" + query + "\">")
          html.text(
            state == .done ? "\(more) more done (collapsed): show 200 more" : "\(more) more: show 200 more")
          html.raw("</a>")
        }
        html.raw("</section>")
      }
      html.raw("</div>")
    }
  }

  static func card(_ issue: Issue, blocked: Bool, into html: inout HTML) {
    html.raw(
      "<a class=\"card " + HTML.stateClass(issue.state) + "\" id=\"card-" + issue.id.rawValue
        + "\" href=\"/issues/"
        + issue.id.rawValue + "\"><span class=\"title\">")
    html.text(issue.title)
    html.raw("</span><span class=\"meta\"><code>" + issue.id.short + "</code>")
    Layout.priority(issue.priority, into: &html)
    if let assignee = issue.assignee {
      html.raw("<span class=\"assignee\">")
      html.text(assignee.description)
      html.raw("</span>")
    }
    if blocked { html.raw("<span class=\"badge blocked\">blocked</span>") }
    if issue.hold != nil { html.raw("<span class=\"badge held\">held</span>") }
    for key in issue.gatesRequired {
      Layout.gateChip(key, issue.gatesStatus[key]?.status ?? .pending, into: &html)
    }
    html.raw("</span></a>")
  }
}

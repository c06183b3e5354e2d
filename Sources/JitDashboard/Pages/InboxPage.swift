import JitCore

/// `/inbox`: manual gates waiting for a person: required, not passed, set only by a human, and
/// holding their issue now (a precheck gate before ready, any gate of a gated issue).
enum InboxPage {
  static func render(_ snapshot: DashboardSnapshot) -> String {
    let inbox = snapshot.inbox
    return Layout.page(title: "Inbox", here: "/inbox") { html in
      html.raw("<h1>Human inbox</h1><p class=\"summary\">")
      html.text(
        inbox.isEmpty
          ? "Nothing waits for a person."
          : "\(inbox.count) issues wait for a person to pass a manual gate (jit gate pass ID KEY --by human:NAME)."
      )
      html.raw(
        "</p><table class=\"inbox\"><tr><th>issue</th><th>state</th><th>gates waiting</th><th>assignee</th></tr>"
      )
      for (issue, gates) in inbox {
        html.raw("<tr id=\"inbox-" + issue.id.rawValue + "\"><td>")
        Layout.issueLink(issue.id, title: issue.title, into: &html)
        html.raw("</td><td>")
        Layout.state(issue.state, into: &html)
        html.raw("</td><td>")
        for key in gates {
          Layout.gateChip(key, issue.gatesStatus[key]?.status ?? .pending, into: &html)
          html.raw(" ")
          html.text(snapshot.gates[key]?.title ?? "")
          html.raw("<br>")
        }
        html.raw("</td><td>")
        html.text(issue.assignee?.description ?? "")
        html.raw("</td></tr>")
      }
      html.raw("</table>")
    }
  }
}

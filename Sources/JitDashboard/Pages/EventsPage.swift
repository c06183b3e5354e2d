import JitCore
import JitWire

/// `/events`: the latest events, newest first, as the event log holds them; the live stream
/// prepends new ones.
enum EventsPage {
  static func render(_ events: [Event], snapshot: DashboardSnapshot, limit: Int) -> String {
    Layout.page(title: "Events", here: "/events") { html in
      html.raw("<h1>Events</h1><p class=\"summary\">")
      html.text("The latest \(min(limit, events.count)) of the events read, newest first.")
      html.raw(
        "</p><table class=\"events\"><tr><th>when</th><th>event</th><th>by</th><th>issue / details</th></tr>")
      for event in events.suffix(limit).reversed() {
        row(event, snapshot: snapshot, into: &html, withIssue: true)
      }
      html.raw("</table>")
    }
  }

  static func row(_ event: Event, snapshot: DashboardSnapshot, into html: inout HTML, withIssue: Bool = false)
  {
    html.raw("<tr class=\"event\" data-id=\"" + HTML.escaped(event.eventID) + "\"><td>")
    html.text(event.ts.description)
    html.raw("</td><td><code>")
    html.text(event.event)
    html.raw("</code></td><td>")
    html.text(event.actor?.description ?? "")
    html.raw("</td><td>")
    if withIssue, let id = event.issueID {
      Layout.issueLink(id, title: snapshot.issues[id]?.title, into: &html)
      html.raw("<br>")
    }
    html.raw("<span class=\"muted\">")
    html.text(summary(event))
    html.raw("</span></td></tr>")
  }

  /// The event's fields in one line, long values cut.
  static func summary(_ event: Event) -> String {
    event.fields.sorted { $0.key < $1.key }.map { key, value in
      let text = IssuePage.plain(value)
      return key + "=" + (text.count > 80 ? String(text.prefix(80)) + "…" : text)
    }.joined(separator: " ")
  }
}

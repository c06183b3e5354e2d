import JitCore

/// `/stats`: the metrics: issues by state now, counts per day from the event log (created,
/// claimed, completed, gate failures), lead and cycle time, and the alerts with the firing ones
/// first. Prometheus scrapes the same figures at `/metrics`.
enum StatsPage {
  struct Alerts: Sendable {
    var definitions: [AlertDefinition]
    var states: [String: AlertStatus]
  }

  static func render(_ metrics: MetricsSnapshot, daily: [String: DayCounts], alerts: Alerts) -> String {
    Layout.page(title: "Metrics", here: "/stats") { html in
      html.raw("<h1>Metrics</h1><div class=\"kpis\">")
      let gauges = metrics.gauges
      for (label, value) in [
        (
          "open",
          IssueState.allCases.filter(\.isOpen).reduce(0) { $0 + (gauges.issuesByState[$1.rawValue] ?? 0) }
        ),
        ("ready", gauges.ready), ("blocked", gauges.blocked), ("held", gauges.held),
        ("stalled", gauges.stalled),
        ("done", gauges.issuesByState["done"] ?? 0), ("completions", metrics.counters.completions),
      ] {
        html.raw("<div class=\"kpi\"><b>\(value)</b>")
        html.text(label)
        html.raw("</div>")
      }
      html.raw("</div><h2>Alerts</h2>")
      alertTable(alerts, into: &html)
      html.raw(
        "<h2>Lead and cycle time</h2><table><tr><th></th><th>completed</th><th>mean</th><th>median at most</th>"
      )
      html.raw("<th>90% at most</th></tr>")
      for (label, histogram) in [
        ("lead time (created to done)", metrics.counters.leadTime),
        ("cycle time (first claim to done)", metrics.counters.cycleTime),
      ] {
        html.raw("<tr><td>")
        html.text(label)
        html.raw("</td><td>\(histogram.count)</td><td>")
        html.text(histogram.count == 0 ? "-" : duration(histogram.sum / Double(histogram.count)))
        html.raw("</td><td>")
        html.text(quantile(histogram, 0.5))
        html.raw("</td><td>")
        html.text(quantile(histogram, 0.9))
        html.raw("</td></tr>")
      }
      html.raw("</table><h2>Counts per day</h2>")
      let days = daily.keys.sorted().suffix(30)
      let top = max(1, days.map { max(daily[$0]?.created ?? 0, daily[$0]?.completed ?? 0) }.max() ?? 1)
      html.raw(
        "<table class=\"bars\"><tr><th>day</th><th>created</th><th>claimed</th><th>completed</th><th>gate failures</th>"
          + "<th>completed</th></tr>")
      for day in days.reversed() {
        let counts = daily[day] ?? DayCounts()
        let width = counts.completed * 100 / top
        html.raw("<tr><td>")
        html.text(day)
        html.raw(
          "</td><td>\(counts.created)</td><td>\(counts.claimed)</td><td>\(counts.completed)</td><td>\(counts.gateFailures)"
            + "</td><td class=\"bar\"><svg width=\"200\" height=\"10\"><rect width=\"\(width * 2)\" height=\"10\" "
            + "fill=\"#27ae60\"/></svg></td></tr>")
      }
      if days.isEmpty { html.raw("<tr><td colspan=\"6\" class=\"muted\">no events yet</td></tr>") }
      html.raw("</table><h2>Issues by state</h2><table><tr><th>state</th><th>issues</th></tr>")
      for state in IssueState.allCases {
        html.raw("<tr><td>")
        Layout.state(state, into: &html)
        html.raw("</td><td>\(gauges.issuesByState[state.rawValue] ?? 0)</td></tr>")
      }
      html.raw("</table><p class=\"muted\">Prometheus: scrape <a href=\"/metrics\">/metrics</a>.</p>")
    }
  }

  static func alertTable(_ alerts: Alerts, into html: inout HTML) {
    guard !alerts.definitions.isEmpty else {
      html.element(
        "p", "No alerts defined (jit alert add NAME --when CONDITION --notify ...).", class: "muted")
      return
    }
    let ordered = alerts.definitions.sorted { lhs, rhs in
      let left = alerts.states[lhs.name]?.state == .firing
      let right = alerts.states[rhs.name]?.state == .firing
      return left != right ? left : lhs.name < rhs.name
    }
    html.raw(
      "<table class=\"alerts\"><tr><th>alert</th><th>state</th><th>condition</th><th>last value</th></tr>")
    for alert in ordered {
      let status = alerts.states[alert.name]
      let state = status?.state ?? .inactive
      html.raw("<tr" + (state == .firing ? " class=\"firing\"" : "") + "><td>")
      html.text(alert.name)
      html.raw("</td><td>")
      html.text(state.rawValue + (status?.firedAt.map { " since \($0)" } ?? ""))
      html.raw("</td><td><code>")
      html.text(alert.condition)
      html.raw("</code></td><td>")
      html.text(status?.lastValue.map { "\($0)" } ?? "-")
      html.raw("</td></tr>")
    }
    html.raw("</table>")
  }

  /// The bucket bound under which a fraction of the observations fall.
  static func quantile(_ histogram: Histogram, _ fraction: Double) -> String {
    guard histogram.count > 0 else { return "-" }
    let target = Int((Double(histogram.count) * fraction).rounded(.up))
    for (bound, count) in histogram.cumulative where count >= target {
      return bound.map(duration) ?? "over " + duration(histogram.bounds.last ?? 0)
    }
    return "-"
  }

  static func duration(_ seconds: Double) -> String {
    if seconds < 90 { return "\(Int(seconds.rounded())) s" }
    if seconds < 5_400 { return "\(Int((seconds / 60).rounded())) min" }
    if seconds < 172_800 { return "\(Int((seconds / 3_600).rounded())) h" }
    return "\(Int((seconds / 86_400).rounded())) days"
  }
}

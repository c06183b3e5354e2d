import JitCore

/// `/agents`: what jit-dispatch is doing, from its run folder: capacity used per agent, runs in
/// flight with the tails of their logs, the retry queue and held work; plus who holds what now.
enum AgentsPage {
  static func render(_ activity: DispatchActivity, snapshot: DashboardSnapshot) -> String {
    Layout.page(title: "Agents", here: "/agents") { html in
      html.raw("<h1>Agents and runs</h1><p class=\"summary\">")
      html.text(
        "jit-dispatch daemon: " + (activity.daemonPID.map { "running, pid \($0)" } ?? "not running")
          + " · \(activity.runs.count) runs in flight · \(activity.retries.count) waiting to retry · "
          + "\(activity.held.count) held")
      html.raw("</p><h2>Capacity</h2>")
      if let capacity = activity.capacity {
        html.raw("<table class=\"capacity\"><tr><th>agent</th><th>running</th><th>capacity</th></tr>")
        for agent in capacity {
          html.raw("<tr><td>")
          html.text(agent.agent)
          html.raw("</td><td>\(agent.running)</td><td>\(agent.maxConcurrent)</td></tr>")
        }
        html.raw("</table>")
        if let total = activity.maxInFlight {
          html.element(
            "p", "\(activity.runs.count) of at most \(total) runs in flight (max_in_flight).", class: "muted")
        }
      } else if let problem = activity.configProblem {
        html.element("p", "dispatch.toml could not be read: \(problem)", class: "firing")
      } else {
        html.element("p", "No dispatch.toml at the repository's root: capacity is unknown.", class: "muted")
      }
      html.raw("<h2>Runs in flight</h2>")
      if activity.runs.isEmpty { html.element("p", "None.", class: "muted") }
      for run in activity.runs {
        html.raw("<div class=\"gate run\"><p>")
        let id = IssueID(run.record.issue)
        if let id { Layout.issueLink(id, title: snapshot.issues[id]?.title, into: &html) }
        html.text(
          " · \(run.record.agent) · attempt \(run.record.attempt) · pid \(run.record.pid ?? 0)"
            + (run.alive ? "" : " (not running)") + " · since \(run.record.startedAt)"
            + (run.dispatcherAlive ? "" : " · its dispatcher is gone: the next cycle recovers it"))
        html.raw("</p>")
        html.element("pre", run.logTail.isEmpty ? "(no output yet)" : run.logTail)
        html.raw("</div>")
      }
      html.raw("<h2>Retry queue</h2>")
      table(
        activity.retries.map {
          ($0.issue, "after \($0.attempts) attempts, at \($0.retryAt?.description ?? "-"): \($0.lastReason)")
        },
        snapshot: snapshot, into: &html)
      html.raw("<h2>Held work</h2>")
      table(
        activity.held.map { ($0.id.rawValue, "\($0.hold?.reason ?? "") (jit issue unhold \($0.id.short))") },
        snapshot: snapshot, into: &html)
      html.raw("<h2>Who holds what</h2>")
      var holders: [String: [IssueID]] = [:]
      for id in snapshot.columns[.inProgress] ?? [] {
        if let assignee = snapshot.issues[id]?.assignee {
          holders[assignee.description, default: []].append(id)
        }
      }
      if holders.isEmpty { html.element("p", "Nobody holds work in progress.", class: "muted") }
      html.raw("<table class=\"holders\">")
      for (holder, ids) in holders.sorted(by: { $0.key < $1.key }) {
        html.raw("<tr><td>")
        html.text(holder)
        html.raw("</td><td>")
        for id in ids {
          Layout.issueLink(id, title: snapshot.issues[id]?.title, into: &html)
          html.raw("<br>")
        }
        html.raw("</td></tr>")
      }
      html.raw("</table>")
    }
  }

  static func table(
    _ rows: [(issue: String, text: String)], snapshot: DashboardSnapshot, into html: inout HTML
  ) {
    guard !rows.isEmpty else {
      html.element("p", "None.", class: "muted")
      return
    }
    html.raw("<table>")
    for row in rows {
      html.raw("<tr><td>")
      if let id = IssueID(row.issue) {
        Layout.issueLink(id, title: snapshot.issues[id]?.title, into: &html)
      } else {
        html.text(row.issue)
      }
      html.raw("</td><td>")
      html.text(row.text)
      html.raw("</td></tr>")
    }
    html.raw("</table>")
  }
}

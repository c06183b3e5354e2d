import JitApp
import JitCore
import JitWire

/// `/issues/ID`: one issue as `jit issue show` sees it (the application's `IssueDetail`): its
/// fields and description, what stands between it and done, each gate with its evidence, its
/// dependencies up and down with their states, and its latest events.
enum IssuePage {
  static func render(_ detail: IssueDetail, snapshot: DashboardSnapshot, history: [Event]) -> String {
    let issue = detail.issue
    return Layout.page(title: issue.title, here: "") { html in
      html.raw("<h1 id=\"issue-title\">")
      html.text(issue.title)
      html.raw("</h1><table class=\"fields\">")
      row("id", into: &html) {
        $0.raw("<code>")
        $0.text(issue.id.rawValue)
        $0.raw("</code>")
      }
      row("state", into: &html) { Layout.state(issue.state, into: &$0) }
      row("priority", into: &html) { Layout.priority(issue.priority, into: &$0) }
      row("assignee", into: &html) { $0.text(issue.assignee?.description ?? "nobody") }
      if let lease = detail.lease {
        row("lease", into: &html) {
          $0.text("claim \(lease.generation) by \(lease.holder), until \(lease.expiresAt)")
        }
      }
      if let hold = issue.hold {
        row("held", into: &html) { $0.text("by \(hold.by) at \(hold.at): \(hold.reason)") }
      }
      row("attempts", into: &html) { $0.text("\(issue.attempts) (claim \(issue.claimGeneration))") }
      for (key, value) in issue.context.sorted(by: { $0.key < $1.key }) {
        row("context." + key, into: &html) { $0.text(value) }
      }
      row("created", into: &html) { $0.text(issue.createdAt.description) }
      row("updated", into: &html) { $0.text(issue.updatedAt.description) }
      html.raw("</table>")
      html.raw("<h2>What stands between it and done</h2>")
      html.raw("<div class=\"outlook" + (detail.outlook.done ? " done" : "") + "\" id=\"outlook\"><p><b>")
      html.text(detail.outlook.summary)
      html.raw("</b></p>")
      if !detail.outlook.steps.isEmpty {
        html.raw("<ol>")
        for step in detail.outlook.steps { html.element("li", step) }
        html.raw("</ol>")
      }
      for gate in detail.outlook.gates {
        html.raw("<p>gate ")
        Layout.gateChip(gate.key, gate.status, into: &html)
        html.text(" \(gate.status.rawValue), \(gate.kind): \(gate.how)")
        html.raw("</p>")
      }
      if !detail.blockedBy.isEmpty {
        html.raw("<p>Blocked now by:</p>")
        BlockedPage.reasonsList(
          detail.blockedBy, waiting: snapshot.waiting, cap: snapshot.waitingCap, into: &html)
      }
      for stale in detail.staleGates {
        html.element(
          "p",
          "Stale: gate \(stale.gate) passed, but \(stale.reason)"
            + (stale.countsAsPending ? " (it counts as pending)" : ""))
      }
      for check in detail.signatures where !check.verified {
        html.element(
          "p", "Unverified: gate \(check.gate): \(check.problem ?? "the signature does not verify")")
      }
      html.raw("</div><h2>Description</h2>")
      html.element("div", issue.description.isEmpty ? "(none)" : issue.description, class: "description")
      gates(issue, registry: detail.issue.gatesRequired.isEmpty ? snapshot.gates : detail.gates, into: &html)
      dependencies(issue, snapshot: snapshot, into: &html)
      html.raw(
        "<p><a href=\"/graph?issue=" + issue.id.rawValue + "&depth=2\">Its neighbourhood in the graph</a></p>"
      )
      html.raw(
        "<h2>History</h2><table class=\"history\"><tr><th>when</th><th>event</th><th>by</th><th>details</th></tr>"
      )
      for event in history.reversed() { EventsPage.row(event, snapshot: snapshot, into: &html) }
      if history.isEmpty { html.raw("<tr><td colspan=\"4\" class=\"muted\">no events read</td></tr>") }
      html.raw("</table>")
    }
  }

  static func row(_ name: String, into html: inout HTML, _ value: (inout HTML) -> Void) {
    html.raw("<tr><td>")
    html.text(name)
    html.raw("</td><td>")
    value(&html)
    html.raw("</td></tr>")
  }

  static func gates(_ issue: Issue, registry: GateRegistry, into html: inout HTML) {
    html.raw("<h2>Gates</h2>")
    guard !issue.gatesRequired.isEmpty else {
      html.raw("<p class=\"muted\">It requires no gate.</p>")
      return
    }
    for key in issue.gatesRequired {
      let status = issue.gatesStatus[key]
      let definition = registry[key]
      html.raw("<div class=\"gate\" id=\"gate-" + HTML.escaped(key) + "\"><p>")
      Layout.gateChip(key, status?.status ?? .pending, into: &html)
      html.raw(" <b>")
      html.text(definition?.title ?? "(not defined in the registry)")
      html.raw("</b> ")
      if let definition {
        html.text(
          "\(definition.stage.rawValue), \(definition.auto ? "automated" : "manual: a person sets it")"
            + (definition.command.map { ", checked by `\($0)`" } ?? "")
            + (definition.plugin.map { ", checked by plugin \($0)" } ?? ""))
      }
      html.raw("</p>")
      if let status, let by = status.updatedBy {
        html.element(
          "p", "\(status.status.rawValue) by \(by)" + (status.updatedAt.map { " at \($0)" } ?? ""),
          class: "muted")
      }
      if let evidence = status?.evidence { self.evidence(evidence, into: &html) }
      html.raw("</div>")
    }
  }

  static func evidence(_ evidence: GateEvidence, into html: inout HTML) {
    html.raw("<table class=\"evidence\">")
    row("source", into: &html) { $0.text(evidence.source) }
    if let message = evidence.message { row("message", into: &html) { $0.text(message) } }
    if let code = evidence.exitCode { row("exit code", into: &html) { $0.text("\(code)") } }
    if let duration = evidence.durationMs { row("duration", into: &html) { $0.text("\(duration) ms") } }
    if let commit = evidence.commit {
      row("commit", into: &html) { $0.text(commit + (evidence.dirty == true ? " (dirty tree)" : "")) }
    }
    if let artifact = evidence.artifact { row("artifact", into: &html) { $0.text(artifact) } }
    if let figures = evidence.figures, !figures.isEmpty {
      row("figures", into: &html) { html in
        for (name, value) in figures.sorted(by: { $0.key < $1.key }) {
          html.text("\(name): \(Self.plain(value))")
          html.raw("<br>")
        }
      }
    }
    if let signature = evidence.signature {
      row("signature", into: &html) { $0.text(String(signature.prefix(60)) + "…") }
    }
    html.raw("</table>")
    if let tail = evidence.outputTail, !tail.isEmpty {
      html.raw("<p class=\"muted\">output (tail)</p>")
      html.element("pre", tail)
    }
  }

  static func plain(_ value: JSONValue) -> String {
    switch value {
    case .string(let text): return text
    case .int(let number): return "\(number)"
    case .double(let number): return "\(number)"
    case .bool(let flag): return flag ? "true" : "false"
    case .null: return "null"
    default: return (try? WireEncoder.line(value)) ?? "…"
    }
  }

  static func dependencies(_ issue: Issue, snapshot: DashboardSnapshot, into html: inout HTML) {
    html.raw("<h2>Depends on (upstream)</h2>")
    list(issue.dependencies, snapshot: snapshot, empty: "nothing", into: &html)
    html.raw("<h2>Needed by (downstream)</h2>")
    list((snapshot.dependents[issue.id] ?? []).sorted(), snapshot: snapshot, empty: "nothing", into: &html)
  }

  static func list(_ ids: [IssueID], snapshot: DashboardSnapshot, empty: String, into html: inout HTML) {
    guard !ids.isEmpty else {
      html.element("p", empty, class: "muted")
      return
    }
    html.raw("<ul class=\"deps\">")
    for id in ids {
      html.raw("<li>")
      if let other = snapshot.issues[id] {
        Layout.state(other.state, into: &html)
        html.raw(" ")
        Layout.issueLink(id, title: other.title, into: &html)
      } else {
        Layout.state(named: "missing", into: &html)
        html.raw(" <code>")
        html.text(id.rawValue)
        html.raw("</code>")
      }
      html.raw("</li>")
    }
    html.raw("</ul>")
  }
}

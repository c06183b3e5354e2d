import JitCore

/// `/graph`: the dependency graph as SVG, coloured by state. With `issue`, its neighbourhood
/// (`depth` 1 to 3, both ways); without, the whole graph filtered by state and priority. Past
/// `nodeLimit` nodes it draws nothing and points to `jit export`, which handles any size.
enum GraphPage {
  static let nodeLimit = 400

  struct Query {
    var issue: String?
    var depth = 2
    /// `open` (default), `all`, or one state.
    var state = "open"
    var priority: String?
  }

  static func select(_ query: Query, snapshot: DashboardSnapshot) -> (
    ids: [IssueID], center: IssueID?, error: String?
  ) {
    if let text = query.issue, !text.isEmpty {
      guard let center = snapshot.find(text) else { return ([], nil, "No issue matches '\(text)'.") }
      var seen: Set<IssueID> = [center.id]
      var frontier: [IssueID] = [center.id]
      for _ in 0..<query.depth {
        var next: [IssueID] = []
        for id in frontier {
          let around = (snapshot.issues[id]?.dependencies ?? []) + (snapshot.dependents[id] ?? [])
          for other in around where snapshot.issues[other] != nil && seen.insert(other).inserted {
            next.append(other)
          }
        }
        frontier = next
      }
      return (Array(seen), center.id, nil)
    }
    let priority = query.priority.flatMap { Priority(name: $0) }
    let ids = snapshot.issues.values.filter { issue in
      let stateMatches: Bool
      switch query.state {
      case "all": stateMatches = issue.state != .archived
      case "open": stateMatches = issue.state.isOpen
      default: stateMatches = issue.state.rawValue == query.state
      }
      return stateMatches && (priority == nil || issue.priority == priority)
    }.map(\.id)
    return (ids, nil, nil)
  }

  static func render(_ query: Query, snapshot: DashboardSnapshot) -> String {
    let (ids, center, error) = select(query, snapshot: snapshot)
    return Layout.page(title: "Graph", here: "/graph") { html in
      html.raw("<h1>Dependency graph</h1>")
      form(query, into: &html)
      html.raw("<p class=\"legend\">")
      for state in IssueState.allCases where state != .archived {
        html.raw(
          "<span><span class=\"state " + HTML.stateClass(state) + "\">" + state.rawValue + "</span></span>")
      }
      html.raw("arrows point from a prerequisite to the work that needs it</p>")
      if let error {
        html.element("p", error, class: "firing")
        return
      }
      guard ids.count <= nodeLimit else {
        html.raw("<p id=\"too-big\">")
        html.text(
          "\(ids.count) issues match: more than the \(nodeLimit) this page draws readably. Narrow the filter, "
            + "pick an issue's neighbourhood, or export the whole graph with ")
        html.raw(
          "<code>jit export --format dot | dot -Tsvg &gt; graph.svg</code> (or <code>--format mermaid</code>).</p>"
        )
        return
      }
      html.element("p", "\(ids.count) issues.", class: "summary")
      svg(ids, center: center, snapshot: snapshot, into: &html)
    }
  }

  static func form(_ query: Query, into html: inout HTML) {
    html.raw(
      "<form class=\"filters\" method=\"get\" action=\"/graph\"><label>issue (id or suffix)<input name=\"issue\" value=\""
    )
    html.text(query.issue ?? "")
    html.raw("\"></label><label>depth<select name=\"depth\">")
    for depth in 1...3 {
      html.raw("<option" + (depth == query.depth ? " selected" : "") + ">\(depth)</option>")
    }
    html.raw("</select></label><label>state (whole graph)<select name=\"state\">")
    let states = ["open", "all"] + IssueState.allCases.filter { $0 != .archived }.map(\.rawValue)
    for state in states {
      html.raw("<option" + (state == query.state ? " selected" : "") + ">" + state + "</option>")
    }
    html.raw("</select></label><label>priority<select name=\"priority\"><option value=\"\">any</option>")
    for priority in Priority.allCases.reversed() {
      html.raw(
        "<option" + (priority.rawValue == query.priority ? " selected" : "") + ">" + priority.rawValue
          + "</option>")
    }
    html.raw("</select></label><button type=\"submit\">show</button></form>")
  }

  static func svg(_ ids: [IssueID], center: IssueID?, snapshot: DashboardSnapshot, into html: inout HTML) {
    let layout = GraphLayout(ids, issues: snapshot.issues)
    let w = GraphLayout.nodeWidth
    let h = GraphLayout.nodeHeight
    html.raw(
      "<div class=\"graph\"><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(layout.width)\" height=\"\(layout.height)\" "
        + "viewBox=\"0 0 \(layout.width) \(layout.height)\"><defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" "
        + "refY=\"5\" markerWidth=\"6\" markerHeight=\"6\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#9aa5b5\"/>"
        + "</marker></defs>")
    for id in ids {
      guard let issue = snapshot.issues[id], let to = layout.position[id] else { continue }
      for dependency in issue.dependencies {
        guard let from = layout.position[dependency] else { continue }
        let x1 = from.x + w
        let y1 = from.y + h / 2
        let x2 = to.x
        let y2 = to.y + h / 2
        let bend = max(20, (x2 - x1) / 2)
        html.raw(
          "<path class=\"edge\" marker-end=\"url(#arrow)\" d=\"M\(x1),\(y1) C\(x1 + bend),\(y1) \(x2 - bend),\(y2) \(x2),\(y2)\"/>"
        )
      }
    }
    for id in ids.sorted() {
      guard let issue = snapshot.issues[id], let at = layout.position[id] else { continue }
      html.raw(
        "<a href=\"/issues/" + id.rawValue + "\"><g class=\"node\" data-id=\"" + id.rawValue + "\"><title>")
      html.text("\(id.short) \(issue.title) (\(issue.state.rawValue), \(issue.priority.rawValue))")
      html.raw(
        "</title><rect class=\"node-" + issue.state.rawValue + (id == center ? " center" : "")
          + "\" x=\"\(at.x)\" y=\"\(at.y)\" "
          + "width=\"\(w)\" height=\"\(h)\" rx=\"4\"/><text x=\"\(at.x + 6)\" y=\"\(at.y + 16)\" fill=\"#fff\">"
      )
      let title = issue.title.count > 20 ? String(issue.title.prefix(19)) + "…" : issue.title
      html.text(id.short.suffix(4) + " " + title)
      html.raw("</text></g></a>")
    }
    html.raw("</svg></div>")
  }
}

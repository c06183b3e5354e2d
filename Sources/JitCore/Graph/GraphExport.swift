/// The formats `jit export` writes.
public enum GraphExportFormat: String, Sendable, CaseIterable {
  /// Graphviz DOT: `jit export --format dot | dot -Tsvg > graph.svg`.
  case dot
  /// A Mermaid flowchart, for Markdown that renders Mermaid.
  case mermaid
}

/// Writes a dependency graph as Graphviz DOT or a Mermaid flowchart. Edges point from a
/// prerequisite to the issue that waits on it, the order work flows in. Nodes are coloured by state.
public struct GraphExport: Sendable {
  /// The issues drawn, in id order.
  public let issues: [GraphNode]
  /// Edges `(prerequisite, dependent)` between drawn issues, sorted.
  public let edges: [(from: IssueID, to: IssueID)]
  /// Whether to add a legend that names the colour of each state.
  public var legend: Bool
  /// Edges from issues of other repositories (external dependencies, with their state there) to
  /// the drawn issues that wait on them: drawn as nodes of their own style (`externalStyle`).
  public var external: [(status: ExternalStatus, dependent: IssueID)] = []

  /// The external nodes, once each, in order.
  public var externalNodes: [ExternalStatus] {
    var seen: Set<String> = []
    return external.map(\.status).filter { seen.insert("\($0.alias):\($0.id)").inserted }
      .sorted { ($0.alias, $0.id) < ($1.alias, $1.id) }
  }

  /// How an issue of another repository is drawn: white, purple, dashed, whatever its state.
  public static let externalStyle = StateStyle(
    fill: "#ffffff", stroke: "#6a3d9a", dotStyle: "filled,dashed", dashed: true)

  /// The whole graph, or the issues in `selection` and the edges among them.
  public init(_ graph: IssueGraph, selection: Set<IssueID>? = nil, legend: Bool = false) {
    let chosen = graph.issues.values.filter { selection?.contains($0.id) ?? true }.sorted { $0.id < $1.id }
    self.init(sortedNodes: chosen, drawn: selection ?? Set(graph.issues.keys), legend: legend)
  }

  /// The whole graph from its nodes in id order (as `ReadSession.graphNodes` gives them), without
  /// building an `IssueGraph`: what an export of everything needs.
  public init(nodes: [GraphNode], legend: Bool = false) {
    self.init(sortedNodes: nodes, drawn: Set(nodes.map(\.id)), legend: legend)
  }

  private init(sortedNodes: [GraphNode], drawn: Set<IssueID>, legend: Bool) {
    var edges: [(from: IssueID, to: IssueID)] = []
    for issue in sortedNodes {
      for dependency in issue.dependencies where drawn.contains(dependency) {
        edges.append((dependency, issue.id))
      }
    }
    self.issues = sortedNodes
    self.edges = edges
    self.legend = legend
  }

  /// The graph in the given format.
  public func render(_ format: GraphExportFormat) -> String {
    switch format {
    case .dot: return dot()
    case .mermaid: return mermaid()
    }
  }

  /// How each state is drawn: fill colour, border colour and extra DOT style.
  public struct StateStyle: Sendable {
    public var fill: String
    public var stroke: String
    public var dotStyle: String
    public var dashed: Bool
  }

  /// The style of each state (the same in both formats).
  public static func style(_ state: IssueState) -> StateStyle {
    switch state {
    case .backlog: return StateStyle(fill: "#eeeeee", stroke: "#888888", dotStyle: "filled", dashed: false)
    case .ready: return StateStyle(fill: "#cfe8ff", stroke: "#1f6fb2", dotStyle: "filled", dashed: false)
    case .inProgress:
      return StateStyle(fill: "#fff2b3", stroke: "#b38f00", dotStyle: "filled,bold", dashed: false)
    case .gated:
      return StateStyle(fill: "#ffd9b3", stroke: "#cc6600", dotStyle: "filled,dashed", dashed: true)
    case .done: return StateStyle(fill: "#ccf2d1", stroke: "#2e8540", dotStyle: "filled", dashed: false)
    case .archived:
      return StateStyle(fill: "#f7f7f7", stroke: "#bbbbbb", dotStyle: "filled,dotted", dashed: true)
    }
  }

  // MARK: DOT

  /// Graphviz DOT.
  public func dot() -> String {
    var out = ""
    out.reserveCapacity(issues.count * 220 + edges.count * 64)
    out += "// jit dependency graph: an edge runs from a prerequisite to the issue that waits on it.\n"
    out += "digraph jit {\n"
    out += "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=10];\n"
    out += "  edge [color=\"#555555\"];\n"
    // Written piece by piece into one string: no temporary string per node.
    for issue in issues {
      let style = Self.style(issue.state)
      out += "  \""
      out += issue.id.rawValue
      out += "\" [label=\""
      out += issue.id.short
      out += " ["
      out += issue.state.rawValue
      out += "]\\n"
      Self.appendDotEscaped(Self.shorten(issue.title), to: &out)
      out += "\", tooltip=\""
      Self.appendDotEscaped(issue.title, to: &out)
      out += "\", style=\"rounded,"
      out += style.dotStyle
      out += "\", fillcolor=\""
      out += style.fill
      out += "\", color=\""
      out += style.stroke
      out += "\"];\n"
    }
    for edge in edges { out += "  \"\(edge.from)\" -> \"\(edge.to)\";\n" }
    let external = Self.externalStyle
    for node in externalNodes {
      out += "  \"\(node.alias):\(node.id)\" [label=\"\(node.alias):\(node.id.short) [\(node.state)]\\n"
      Self.appendDotEscaped(Self.shorten(node.title ?? node.reason ?? ""), to: &out)
      out += "\", tooltip=\"other repository \(node.alias)\", style=\"rounded,\(external.dotStyle)\", "
      out += "fillcolor=\"\(external.fill)\", color=\"\(external.stroke)\"];\n"
    }
    for edge in self.external {
      out += "  \"\(edge.status.alias):\(edge.status.id)\" -> \"\(edge.dependent)\" [style=dashed];\n"
    }
    if legend {
      out += "  subgraph cluster_legend {\n    label=\"states\";\n    fontname=\"Helvetica\";\n"
      for state in IssueState.allCases {
        let style = Self.style(state)
        out +=
          "    \"legend_\(state.rawValue)\" [label=\"\(state.rawValue)\", style=\"rounded,\(style.dotStyle)\", "
          + "fillcolor=\"\(style.fill)\", color=\"\(style.stroke)\"];\n"
      }
      if !externalNodes.isEmpty {
        out +=
          "    \"legend_external\" [label=\"other repository\", style=\"rounded,\(external.dotStyle)\", "
          + "fillcolor=\"\(external.fill)\", color=\"\(external.stroke)\"];\n"
      }
      out += "  }\n"
    }
    return out + "}\n"
  }

  /// A DOT double-quoted string: backslashes and quotes escaped, line breaks as `\n` (centred).
  public static func dotString(_ text: String) -> String {
    var out = "\""
    appendDotEscaped(text, to: &out)
    return out + "\""
  }

  /// Appends `text` escaped for the inside of a DOT double-quoted string (see `dotString`).
  static func appendDotEscaped(_ text: String, to out: inout String) {
    // Most titles need no escape: skip the character-by-character copy.
    if !text.utf8.contains(where: { $0 == 92 || $0 == 34 || $0 == 38 || $0 == 10 || $0 == 13 }) {
      out += text
      return
    }
    for character in text {
      switch character {
      case "\\": out += "\\\\"
      case "\"": out += "\\\""
      // Graphviz reads HTML entities in every string (`&amp;` shows as `&`): a literal `&` is written
      // as one, so that what is drawn is the title itself.
      case "&": out += "&amp;"
      case "\n", "\r\n": out += "\\n"
      case "\r": out += "\\n"
      default: out.append(character)
      }
    }
  }

  // MARK: Mermaid

  /// A Mermaid flowchart (`flowchart TD`), with one `classDef` per state.
  public func mermaid() -> String {
    var out = "flowchart TD\n"
    for state in IssueState.allCases {
      let style = Self.style(state)
      out +=
        "  classDef \(state.rawValue) fill:\(style.fill),stroke:\(style.stroke)"
        + (style.dashed ? ",stroke-dasharray:4 3" : "") + "\n"
    }
    for issue in issues {
      let label =
        Self.mermaidText("\(issue.id.short) [\(issue.state.rawValue)]") + "<br/>"
        + Self.mermaidText(Self.shorten(issue.title))
      out += "  \(Self.mermaidID(issue.id))[\"\(label)\"]:::\(issue.state.rawValue)\n"
    }
    for edge in edges { out += "  \(Self.mermaidID(edge.from)) --> \(Self.mermaidID(edge.to))\n" }
    if !external.isEmpty {
      let style = Self.externalStyle
      out += "  classDef external fill:\(style.fill),stroke:\(style.stroke),stroke-dasharray:4 3\n"
      for node in externalNodes {
        let label =
          Self.mermaidText("\(node.alias):\(node.id.short) [\(node.state)]") + "<br/>"
          + Self.mermaidText(Self.shorten(node.title ?? node.reason ?? ""))
        out += "  \(Self.mermaidID(node))[\"\(label)\"]:::external\n"
      }
      for edge in external {
        out += "  \(Self.mermaidID(edge.status)) -.-> \(Self.mermaidID(edge.dependent))\n"
      }
    }
    if legend {
      out += "  subgraph legend [states]\n"
      for state in IssueState.allCases {
        out += "    legend_\(state.rawValue)[\"\(state.rawValue)\"]:::\(state.rawValue)\n"
      }
      if !external.isEmpty { out += "    legend_external[\"other repository\"]:::external\n" }
      out += "  end\n"
    }
    return out
  }

  /// The Mermaid node id of an issue: `i` and the ULID (letters and digits only).
  public static func mermaidID(_ id: IssueID) -> String { "i" + id.rawValue }

  /// The Mermaid node id of another repository's issue: `x_`, the alias (`-` as `__`), `_`, the ULID.
  public static func mermaidID(_ status: ExternalStatus) -> String {
    "x_" + status.alias.map { $0 == "-" ? "__" : String($0) }.joined() + "_" + status.id.rawValue
  }

  /// Text safe inside a quoted Mermaid label: characters Mermaid or its HTML rendering would read
  /// as syntax become entity codes, and line breaks become spaces.
  public static func mermaidText(_ text: String) -> String {
    let special: Set<UInt8> = [34, 35, 60, 62, 38, 96, 10, 13]
    if !text.utf8.contains(where: special.contains) { return text }
    var out = ""
    for character in text {
      switch character {
      case "\"": out += "#quot;"
      case "#": out += "#35;"
      case "<": out += "#lt;"
      case ">": out += "#gt;"
      case "&": out += "#amp;"
      case "`": out += "#96;"
      case "\n", "\r\n", "\r": out += " "
      default: out.append(character)
      }
    }
    return out
  }

  /// A title cut to a readable length for a node label.
  static func shorten(_ title: String, limit: Int = 48) -> String {
    // A title of at most `limit` bytes has at most `limit` characters: no need to count them.
    title.utf8.count <= limit || title.count <= limit ? title : String(title.prefix(limit - 1)) + "…"
  }
}

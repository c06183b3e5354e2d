import JitCore

extension JitApplication {
  /// The tree of an issue's prerequisites (`upstream`) or dependents (`downstream`), `depth` levels
  /// below it at most, in one read session (from the index when there is one).
  public func tree(_ issue: String, _ direction: IssueGraph.Direction, depth: Int? = nil) throws
    -> GraphTreeNode
  {
    try OptionRange.check(depth, OptionRange.depth, option: "--depth")
    let reference = try reference(issue)
    return try tracker.read { reader in
      let root = try reader.resolve(reference)
      let tree = try reader.graph().tree(from: root, direction, depth: depth)
      return direction == .upstream ? try withExternal(tree, session: reader.session) : tree
    }
  }

  /// The tree with each issue's external dependencies as leaves of its own (upstream only).
  func withExternal(_ node: GraphTreeNode, session: any ReadSession, depth: Int = 0) throws -> GraphTreeNode {
    guard !node.missing, !node.repeated, node.external == nil, depth < 4096 else { return node }
    var node = node
    node.children = try node.children.map { try withExternal($0, session: session, depth: depth + 1) }
    if !node.truncated, let issue = try session.find(node.id) {
      node.children += issue.externalDependencies.map { GraphTreeNode(external: linked.status(of: $0)) }
    }
    return node
  }

  /// The external edges into the drawn issues: all of them (found from the rows, whose JSON names
  /// them, without reading every file), or those of `selection`.
  func externalEdges(_ session: any ReadSession, selection: Set<IssueID>?) throws
    -> [(status: ExternalStatus, dependent: IssueID)]
  {
    var issues: [Issue] = []
    if let selection {
      issues = try selection.sorted().compactMap { try session.find($0) }
    } else {
      // The ids first: reading an issue inside a store's answer may start it over.
      var withLinks: [IssueID] = []
      try session.query(.states(Set(IssueState.allCases)), gates: GateRegistry()) { row in
        if TrackerReader.namesExternal(row) { withLinks.append(row.id) }
      }
      issues = try withLinks.compactMap { try session.find($0) }
    }
    return issues.sorted { $0.id < $1.id }.flatMap { issue in
      issue.externalDependencies.map { (status: linked.status(of: $0), dependent: issue.id) }
    }
  }

  /// The issues with no dependencies (archived ones only with `includeArchived`), in work order, as
  /// rows (from the index when there is one: no issue file is read), with how many issues depend on
  /// each directly.
  public func roots(includeArchived: Bool = false) throws -> [GraphRoot] {
    try tracker.read { try $0.roots(includeArchived: includeArchived) }.map {
      GraphRoot(row: $0, dependents: $0.dependentCount ?? 0)
    }
  }

  /// The graph as DOT or Mermaid: all of it, or the neighbourhood of `around`, `depth` levels each way.
  public func export(
    _ format: GraphExportFormat, around issue: String? = nil, depth: Int? = nil, legend: Bool = false
  ) throws -> GraphExportText {
    if depth != nil && issue == nil { throw JitError.invalidArgument("--depth needs --issue") }
    try OptionRange.check(depth, OptionRange.depth, option: "--depth")
    let reference = try issue.map(reference)
    let export = try tracker.read { reader in
      guard let reference else {
        var export = GraphExport(nodes: try reader.session.graphNodes(), legend: legend)
        export.external = try externalEdges(reader.session, selection: nil)
        return export
      }
      let center = try reader.resolve(reference)
      let graph = try reader.graph()
      let selection = graph.neighbourhood(of: center, depth: depth)
      var export = GraphExport(graph, selection: selection, legend: legend)
      export.external = try externalEdges(reader.session, selection: selection)
      return export
    }
    return GraphExportText(
      format: format, nodes: export.issues.count + export.externalNodes.count,
      edges: export.edges.count + export.external.count, text: export.render(format))
  }
}

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
      return try reader.graph().tree(from: root, direction, depth: depth)
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
      guard let reference else { return GraphExport(nodes: try reader.session.graphNodes(), legend: legend) }
      let center = try reader.resolve(reference)
      let graph = try reader.graph()
      return GraphExport(graph, selection: graph.neighbourhood(of: center, depth: depth), legend: legend)
    }
    return GraphExportText(
      format: format, nodes: export.issues.count, edges: export.edges.count, text: export.render(format))
  }
}

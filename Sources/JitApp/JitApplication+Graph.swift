import JitCore

extension JitApplication {
  /// The tree of an issue's prerequisites (`upstream`) or dependents (`downstream`), `depth` levels
  /// below it at most.
  public func tree(_ issue: String, _ direction: IssueGraph.Direction, depth: Int? = nil) throws
    -> GraphTreeNode
  {
    if let depth, depth < 0 { throw JitError.invalidArgument("--depth must be 0 or more") }
    let root = try tracker.resolve(reference(issue))
    return try tracker.graph().tree(from: root, direction, depth: depth)
  }

  /// The issues with no dependencies (archived ones only with `includeArchived`), in work order.
  public func roots(includeArchived: Bool = false) throws -> [GraphRoot] {
    let graph = try tracker.graph()
    return graph.roots().filter { includeArchived || $0.state != .archived }.sorted(by: Issue.workOrder)
      .map { GraphRoot(issue: $0, dependents: graph.dependents[$0.id]?.count ?? 0) }
  }

  /// The graph as DOT or Mermaid: all of it, or the neighbourhood of `around`, `depth` levels each way.
  public func export(
    _ format: GraphExportFormat, around issue: String? = nil, depth: Int? = nil, legend: Bool = false
  ) throws -> GraphExportText {
    if depth != nil && issue == nil { throw JitError.invalidArgument("--depth needs --issue") }
    if let depth, depth < 0 { throw JitError.invalidArgument("--depth must be 0 or more") }
    let center = try issue.map { try tracker.resolve(reference($0)) }
    let graph = try tracker.graph()
    let selection = center.map { graph.neighbourhood(of: $0, depth: depth) }
    let export = GraphExport(graph, selection: selection, legend: legend)
    return GraphExportText(
      format: format, nodes: export.issues.count, edges: export.edges.count, text: export.render(format))
  }
}

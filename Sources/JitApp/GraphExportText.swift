import JitCore

/// The dependency graph written as DOT or Mermaid.
public struct GraphExportText: Sendable, Hashable {
  public var format: GraphExportFormat
  /// How many issues and edges were drawn.
  public var nodes: Int
  public var edges: Int
  public var text: String
}

import JitCore

/// The dependency graph written as DOT or Mermaid.
public struct GraphExportText: Sendable, Hashable {
  /// DOT or Mermaid.
  public var format: GraphExportFormat
  /// How many issues were drawn.
  public var nodes: Int
  /// How many edges were drawn.
  public var edges: Int
  /// The drawing.
  public var text: String
}

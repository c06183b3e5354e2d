/// `export --json`: `{"format", "nodes", "edges", "text"}`, the drawing wrapped with its counts.
public struct ExportView: WireView {
  /// `dot` or `mermaid`.
  public var format: String
  /// How many issues are drawn.
  public var nodes: Int
  /// How many dependency edges are drawn.
  public var edges: Int
  /// The drawing itself.
  public var text: String

  /// The view of one drawing.
  public init(format: String, nodes: Int, edges: Int, text: String) {
    self.format = format
    self.nodes = nodes
    self.edges = edges
    self.text = text
  }
}

/// `export --json`: `{"format", "nodes", "edges", "text"}`, the drawing wrapped with its counts.
public struct ExportView: WireView {
  public var format: String
  public var nodes: Int
  public var edges: Int
  public var text: String

  public init(format: String, nodes: Int, edges: Int, text: String) {
    self.format = format
    self.nodes = nodes
    self.edges = edges
    self.text = text
  }
}

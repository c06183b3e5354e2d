import JitCore

/// `graph show` / `graph downstream`: a dependency tree as pretty, key-sorted JSON, the way
/// `WireEncoder` would write it, but without recursion: a chain of prerequisites can be thousands
/// deep, past any encoder's nesting limit. Indentation stops growing at `maximumIndent` levels.
///
/// Each node: `children`, `external` (a node of another repository only), `hidden_count`, `id`,
/// `missing`, `priority`, `repeated`, `short_id`, `state`, `title`, `truncated`.
public enum GraphTreeJSON {
  /// The tree as a JSON document, with a trailing newline.
  public static func render(_ root: GraphTreeNode) -> String {
    var out = ""
    var stack: [(node: GraphTreeNode, next: Int, depth: Int)] = []
    func begin(_ node: GraphTreeNode, depth: Int) {
      out += "{\n"
      if node.children.isEmpty {
        out +=
          pad(depth + 1) + "\"children\" : [],\n" + fields(node, depth: depth + 1) + "\n" + pad(depth) + "}"
      } else {
        out += pad(depth + 1) + "\"children\" : [\n"
        stack.append((node, 0, depth))
      }
    }
    begin(root, depth: 0)
    while let (node, next, depth) = stack.last {
      if next < node.children.count {
        if next > 0 { out += ",\n" }
        stack[stack.count - 1].next += 1
        out += pad(depth + 2)
        begin(node.children[next], depth: depth + 2)
      } else {
        out += "\n" + pad(depth + 1) + "],\n" + fields(node, depth: depth + 1) + "\n" + pad(depth) + "}"
        stack.removeLast()
      }
    }
    return out + "\n"
  }

  /// Indentation, capped so that a chain thousands deep does not print megabytes of spaces.
  private static func pad(_ depth: Int) -> String {
    String(repeating: "  ", count: min(depth, maximumIndent))
  }

  /// How many levels of indentation a document grows to at most.
  public static let maximumIndent = 40

  /// Every member but `children`, in key order.
  private static func fields(_ node: GraphTreeNode, depth: Int) -> String {
    var members: [(String, String)] = []
    if let external = node.external {
      let inner = pad(depth + 1)
      var lines = [("alias", string(external.alias)), ("id", string(external.id.rawValue))]
      if let reason = external.reason { lines.append(("reason", string(reason))) }
      lines += [("state", string(external.state)), ("title", external.title.map(string) ?? "null")]
      members.append(
        (
          "external",
          "{\n" + lines.map { inner + "\"\($0.0)\" : \($0.1)" }.joined(separator: ",\n") + "\n" + pad(depth)
            + "}"
        ))
    }
    members += [
      ("hidden_count", String(node.hiddenCount)),
      ("id", string(node.id.rawValue)),
      ("missing", String(node.missing)),
      ("priority", node.priority.map { string($0.rawValue) } ?? "null"),
      ("repeated", String(node.repeated)),
      ("short_id", string(node.shortID)),
      ("state", node.state.map { string($0.rawValue) } ?? "null"),
      ("title", node.title.map(string) ?? "null"),
      ("truncated", String(node.truncated)),
    ]
    return members.map { pad(depth) + "\"\($0.0)\" : \($0.1)" }.joined(separator: ",\n")
  }

  /// A JSON string literal, escaped as everywhere else in jit's output.
  static func string(_ text: String) -> String { IssueJSON.quoted(text) }
}

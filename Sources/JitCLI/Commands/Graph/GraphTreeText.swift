import JitCore
import JitWire

/// Draws a dependency tree for people, with box-drawing lines:
///
///     4GD4P9SX  in_progress  Build the API
///     ├── N0QBTB4N  done  Design the schema
///     └── RRJR2CN8  ready  Write the fixtures
///         └── N0QBTB4N  done  Design the schema  (see above)
enum GraphTreeText {
  /// Prints a tree: nested JSON with `--json`, else the drawing.
  static func print(_ tree: GraphTreeNode, direction: IssueGraph.Direction, context: CommandContext) {
    context.output.standardOutput(
      context.json ? GraphTreeJSON.render(tree) : render(tree, direction: direction))
  }

  static func render(_ tree: GraphTreeNode, direction: IssueGraph.Direction) -> String {
    var lines = [label(tree)]
    // Iterative, with the prefix each level draws, so deep chains cannot overflow the stack.
    var stack: [(node: GraphTreeNode, prefix: String, last: Bool)] = tree.children.reversed().enumerated()
      .map { ($0.element, "", $0.offset == 0) }
    while let (node, prefix, last) = stack.popLast() {
      lines.append(prefix + (last ? "└── " : "├── ") + label(node))
      let childPrefix = prefix + (last ? "    " : "│   ")
      for (offset, child) in node.children.reversed().enumerated() {
        stack.append((child, childPrefix, offset == 0))
      }
    }
    if tree.children.isEmpty && !tree.truncated && !tree.missing {
      lines.append(direction == .upstream ? "(no dependencies)" : "(nothing depends on it)")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  static func label(_ node: GraphTreeNode) -> String {
    if let external = node.external {
      return "\(node.shortID)  \(external.state)  "
        + (external.title ?? "") + (external.reason.map { "(\($0))" } ?? "") + "  [other repository]"
    }
    guard let state = node.state, let title = node.title else {
      return "\(node.shortID)  (missing: no issue has id \(node.id))"
    }
    var text = "\(node.shortID)  \(state.rawValue)  \(title)"
    if node.repeated { text += "  (see above)" }
    if node.truncated { text += "  (+\(node.hiddenCount) more below --depth)" }
    return text
  }
}

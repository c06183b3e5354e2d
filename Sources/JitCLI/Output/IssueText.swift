import JitCore

/// The words people see for issues.
enum IssueText {
  static func table(_ issues: [Issue]) -> String {
    guard !issues.isEmpty else { return "No issues.\n" }
    var table = Table("ID", "STATE", "PRIORITY", "ASSIGNEE", "TITLE")
    for issue in issues {
      table.add(
        issue.id.short, issue.state.rawValue, issue.priority.rawValue, issue.assignee?.description ?? "-",
        issue.title)
    }
    return table.render()
  }

  static func line(_ issue: Issue) -> String {
    "\(issue.id.short)  \(issue.state.rawValue)  \(issue.priority.rawValue)  \(issue.title)"
  }

  /// A recorded value, for people: a string quoted, nothing as "(none)".
  static func shown(_ value: JSONValue) -> String {
    switch value {
    case .string(let text): return "\"" + (text.count > 60 ? String(text.prefix(60)) + "..." : text) + "\""
    case .null: return "(none)"
    default: return "\(value)"
    }
  }

  static func detail(
    _ issue: Issue, blockedBy: BlockingReasons?, gatesBlockingDone: [GateBlocker],
    untilDone: DoneOutlook? = nil,
    gates: GateRegistry = GateRegistry()
  ) -> String {
    var text = "\(issue.id.short)  \(issue.title)\n"
    text += "  id:           \(issue.id)\n"
    text += "  state:        \(issue.state.rawValue)\n"
    text += "  priority:     \(issue.priority.rawValue)\n"
    text += "  assignee:     \(issue.assignee?.description ?? "-")\n"
    text += "  created:      \(issue.createdAt)\n"
    text += "  updated:      \(issue.updatedAt)\n"
    text +=
      "  dependencies: "
      + (issue.dependencies.isEmpty && issue.externalDependencies.isEmpty
        ? "none"
        : (issue.dependencies.map(\.short) + issue.externalDependencies.map(\.short)).joined(separator: ", "))
      + "\n"
    if !issue.gatesRequired.isEmpty {
      text += "  gates:\n"
      for key in issue.gatesRequired {
        text += GateText.status(key, issue.gateStatus(key), gates[key])
      }
    }
    if !issue.context.isEmpty {
      text += "  context:\n"
      for key in issue.context.keys.sorted() { text += "    \(key) = \(issue.context[key] ?? "")\n" }
    }
    if !issue.description.isEmpty {
      text +=
        "\n"
        + issue.description.split(separator: "\n", omittingEmptySubsequences: false)
        .map { "  " + $0 }.joined(separator: "\n") + "\n"
    }
    let conflicts = issue.mergeConflicts
    if !conflicts.isEmpty {
      text += "\nMerge conflicts (both branches changed these; the later side's value is in force):\n"
      for conflict in conflicts {
        text +=
          "  \(conflict.field): ours \(shown(conflict.ours)), theirs \(shown(conflict.theirs)), "
          + "kept \(conflict.kept): settle with \(conflict.settling(issue.id))\n"
      }
    }
    if let blockedBy, !blockedBy.isEmpty {
      text += "\nBlocked: \(blockedBy.sentence)\n"
    }
    if let untilDone, issue.state.isOpen {
      text += "\nUntil done: \(untilDone.summary)\n"
      for gate in untilDone.gates { text += "  \(gate.key): \(gate.how)\n" }
    } else if issue.state.isOpen && !gatesBlockingDone.isEmpty {
      text +=
        "Before done: "
        + gatesBlockingDone.map { "\($0.key) (\($0.status.rawValue))" }
        .joined(separator: ", ") + "\n"
    }
    return text
  }

  /// The gates a claimed issue must pass, a line each, after a line break; empty when it has none.
  static func gatesToPass(_ outlook: DoneOutlook?) -> String {
    guard let gates = outlook?.gates, !gates.isEmpty else { return "" }
    return "\nGates to pass:" + gates.map { "\n  \($0.key) (\($0.kind)): \($0.how)" }.joined()
  }
}

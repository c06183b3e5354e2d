import JitCore

/// The words people see for a dependency edit.
enum DependencyText {
  static func text(_ change: DependencyChange, verb: String) -> String {
    var text = ""
    if !change.changed.isEmpty {
      text += "\(change.issue.id.short) \(verb) \(change.changed.map(\.short).joined(separator: ", "))\n"
    }
    if !change.unchanged.isEmpty {
      text += "unchanged: \(change.unchanged.map(\.short).joined(separator: ", "))\n"
    }
    return text + "\(change.issue.id.short) is \(change.issue.state.rawValue)"
  }
}

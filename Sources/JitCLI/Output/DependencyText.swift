import JitCore

/// The words people see for a dependency edit.
enum DependencyText {
  static func text(_ change: DependencyChange, verb: String) -> String {
    var text = ""
    let changed = change.changed.map(\.short) + change.changedExternal.map(\.short)
    let unchanged = change.unchanged.map(\.short) + change.unchangedExternal.map(\.short)
    if !changed.isEmpty {
      text += "\(change.issue.id.short) \(verb) \(changed.joined(separator: ", "))\n"
    }
    if !unchanged.isEmpty {
      text += "unchanged: \(unchanged.joined(separator: ", "))\n"
    }
    return text + "\(change.issue.id.short) is \(change.issue.state.rawValue)"
  }
}

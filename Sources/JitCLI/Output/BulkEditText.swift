import JitCore

/// Human output of `issue update --where` and `issue archive --where`.
enum BulkEditText {
  static func summary(_ edit: BulkEdit, verb: String) -> String {
    let lead = edit.dryRun ? "Would change" : verb
    var text =
      "\(lead) \(edit.changed.count) of \(edit.matched) matching issue\(edit.matched == 1 ? "" : "s")"
      + (edit.unchanged.isEmpty ? "" : " (\(edit.unchanged.count) already so)") + "\n"
    for change in edit.changed {
      let fields = change.fields.map { "\($0.field): \($0.from ?? "(none)") -> \($0.to ?? "(none)")" }
      text +=
        "  \(change.issue.id.short)  \(change.issue.title)\n    " + fields.joined(separator: ", ") + "\n"
    }
    if !edit.blockedDependents.isEmpty {
      text +=
        "  \(edit.blockedDependents.count) open issue(s) outside the filter wait on them and stay blocked: "
        + edit.blockedDependents.map(\.short).joined(separator: ", ") + "\n"
    }
    return text
  }
}

import JitCore

/// `merge-file --json`: `{"path", "conflicts", "notes"}`, the file written (git's `%A`), the
/// conflicts this merge recorded in it, and what was decided about a side that did not parse or a
/// gate both sides changed.
public struct MergeFileView: WireView {
  public var path: String
  public var conflicts: [MergeConflict]
  public var notes: [String]

  public init(path: String, conflicts: [MergeConflict], notes: [String]) {
    self.path = path
    self.conflicts = conflicts
    self.notes = notes
  }
}

import JitCore

/// `merge-file --json`: `{"path", "issue", "conflicts", "notes"}`, the file written (git's `%A`),
/// the issue merged (null for `gates.json`), the conflicts this merge recorded in it, and what was
/// decided about a side that did not parse or a gate both sides changed.
public struct MergeFileView: WireView {
  public var path: String
  public var issue: IssueID?
  public var conflicts: [MergeConflict]
  public var notes: [String]

  public init(path: String, issue: IssueID?, conflicts: [MergeConflict], notes: [String]) {
    self.path = path
    self.issue = issue
    self.conflicts = conflicts
    self.notes = notes
  }

  enum CodingKeys: String, CodingKey { case path, issue, conflicts, notes }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(path, forKey: .path)
    try container.encode(issue, forKey: .issue)  // null for gates.json
    try container.encode(conflicts, forKey: .conflicts)
    try container.encode(notes, forKey: .notes)
  }
}

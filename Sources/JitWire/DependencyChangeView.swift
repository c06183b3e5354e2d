import JitCore

/// `issue dep add` / `issue dep rm`: `{"issue", "changed", "added" | "removed", "unchanged"}`.
///
/// `changed` is whether the call changed anything, as in every command that reports it; the edges
/// it added (`dep add`) or removed (`dep rm`) are listed under their own name, and `unchanged`
/// lists those that already were (were not) there.
public struct DependencyChangeView: WireView {
  /// Which way the edit went: names the member that lists the edges it made.
  public enum Edit: String, Sendable {
    case added, removed
  }

  public var issue: IssueView
  public var edit: Edit
  public var edges: [IssueID]
  public var unchanged: [IssueID]

  public init(_ change: DependencyChange, _ edit: Edit) {
    issue = IssueView(change.issue)
    self.edit = edit
    edges = change.changed
    unchanged = change.unchanged
  }

  /// Whether the call changed anything.
  public var changed: Bool { !edges.isEmpty }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: DynamicKey.self)
    try container.encode(issue, forKey: DynamicKey("issue"))
    try container.encode(changed, forKey: DynamicKey("changed"))
    try container.encode(edges, forKey: DynamicKey(edit.rawValue))
    try container.encode(unchanged, forKey: DynamicKey("unchanged"))
  }
}

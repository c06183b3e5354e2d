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

  /// The issue that depends, afterwards.
  public var issue: IssueView
  /// Whether the edges were added or removed.
  public var edit: Edit
  /// The edges this call added (removed).
  public var edges: [IssueID]
  /// The edges that already were (were not) there.
  public var unchanged: [IssueID]
  /// The external edges (`alias:ID`) this call added (removed), and those that already were (not).
  public var externalEdges: [ExternalDependency]
  public var externalUnchanged: [ExternalDependency]

  /// The view of a dependency edit made by `edit`.
  public init(_ change: DependencyChange, _ edit: Edit) {
    issue = IssueView(change.issue)
    self.edit = edit
    edges = change.changed
    unchanged = change.unchanged
    externalEdges = change.changedExternal
    externalUnchanged = change.unchangedExternal
  }

  /// Whether the call changed anything.
  public var changed: Bool { !edges.isEmpty || !externalEdges.isEmpty }

  /// Writes the members listed above.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: DynamicKey.self)
    try container.encode(issue, forKey: DynamicKey("issue"))
    try container.encode(changed, forKey: DynamicKey("changed"))
    // External edges are listed with the others, as `alias:ID`.
    try container.encode(
      edges.map(\.rawValue) + externalEdges.map(\.description), forKey: DynamicKey(edit.rawValue))
    try container.encode(
      unchanged.map(\.rawValue) + externalUnchanged.map(\.description), forKey: DynamicKey("unchanged"))
  }
}

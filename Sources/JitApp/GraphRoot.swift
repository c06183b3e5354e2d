import JitCore

/// A root of the dependency graph: an issue with no dependencies, and how many depend on it.
public struct GraphRoot: Sendable, Hashable {
  /// The issue.
  public var issue: Issue
  /// How many issues depend on it directly.
  public var dependents: Int
}

import JitCore

/// A root of the dependency graph: an issue with no dependencies, and how many depend on it.
public struct GraphRoot: Sendable, Hashable {
  public var issue: Issue
  public var dependents: Int
}

import JitCore

/// A root of the dependency graph: an issue with no dependencies, and how many depend on it.
public struct GraphRoot: Sendable, Hashable {
  /// The issue, as a query answers it (its columns, and its view ready-made by the store).
  public var row: QueryRow
  /// How many issues depend on it directly.
  public var dependents: Int
}

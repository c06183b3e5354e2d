import JitCore

/// `graph roots`: an issue view with `dependent_count`, how many issues depend on it directly.
public struct RootView: WireView {
  /// The root issue.
  public var issue: Issue
  /// How many issues depend on it directly.
  public var dependents: Int

  /// The view of one root.
  public init(issue: Issue, dependents: Int) {
    self.issue = issue
    self.dependents = dependents
  }

  enum CodingKeys: String, CodingKey {
    case dependentCount = "dependent_count"
  }

  /// Writes the members listed above.
  public func encode(to encoder: any Encoder) throws {
    try IssueView(issue).encode(to: encoder)
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(dependents, forKey: .dependentCount)
  }
}

import JitCore

/// `graph roots`: an issue view with `dependent_count`, how many issues depend on it directly.
public struct RootView: WireView {
  public var issue: Issue
  public var dependents: Int

  public init(issue: Issue, dependents: Int) {
    self.issue = issue
    self.dependents = dependents
  }

  enum CodingKeys: String, CodingKey {
    case dependentCount = "dependent_count"
  }

  public func encode(to encoder: any Encoder) throws {
    try IssueView(issue).encode(to: encoder)
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(dependents, forKey: .dependentCount)
  }
}

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

extension RootView {
  /// A root's row with `dependent_count` spliced into its ready-made JSON, where sorted keys put it:
  /// right after `dependencies`, which a root always has empty. The bytes equal what encoding a
  /// `RootView` gives (tested).
  public static func row(_ row: QueryRow, dependents: Int) -> QueryRow {
    let marker = Array("\n    \"dependencies\" : [],\n".utf8)
    var spliced = row
    guard let end = row.json.firstRange(of: marker)?.upperBound else { return row }
    spliced.json =
      Array(row.json[..<end]) + Array("    \"dependent_count\" : \(dependents),\n".utf8)
      + Array(row.json[end...])
    return spliced
  }
}

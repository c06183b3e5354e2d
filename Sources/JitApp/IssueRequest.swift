import JitCore

/// What a new issue is made of, as a front end received it: references and keys not yet resolved.
public struct IssueRequest: Sendable, Hashable {
  /// A one-line summary.
  public var title: String
  /// Details and acceptance criteria.
  public var description: String
  /// How urgent it is.
  public var priority: Priority
  /// Gate keys from the registry.
  public var gates: [String]
  /// What the user typed for each dependency: an id or a unique suffix.
  public var dependencies: [String]
  /// `key=value` data for agents.
  public var context: [String: String]

  /// A request with every field given.
  public init(
    title: String, description: String = "", priority: Priority = .normal, gates: [String] = [],
    dependencies: [String] = [], context: [String: String] = [:]
  ) {
    self.title = title
    self.description = description
    self.priority = priority
    self.gates = gates
    self.dependencies = dependencies
    self.context = context
  }
}

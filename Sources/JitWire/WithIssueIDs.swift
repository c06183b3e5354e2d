import JitCore

/// A view's JSON with one more member, a list of issue ids: a gate definition with `required_by`
/// (`gate show`), an archived issue with `blocked_dependents` (`issue archive`).
public struct WithIssueIDs<Base: Encodable>: WireView {
  /// The view the member is added to.
  public var base: Base
  /// The member's name.
  public var key: String
  /// The member's ids.
  public var ids: [IssueID]

  /// `base` with the member `key` holding `ids`.
  public init(_ base: Base, _ key: String, _ ids: [IssueID]) {
    self.base = base
    self.key = key
    self.ids = ids
  }

  /// Writes the members listed above.
  public func encode(to encoder: any Encoder) throws {
    try base.encode(to: encoder)
    var container = encoder.container(keyedBy: DynamicKey.self)
    try container.encode(ids, forKey: DynamicKey(key))
  }
}

import JitCore

/// A view's JSON with one more member, a list of issue ids: a gate definition with `required_by`
/// (`gate show`), an archived issue with `blocked_dependents` (`issue archive`).
public struct WithIssueIDs<Base: Encodable>: WireView {
  public var base: Base
  /// The member's name.
  public var key: String
  public var ids: [IssueID]

  public init(_ base: Base, _ key: String, _ ids: [IssueID]) {
    self.base = base
    self.key = key
    self.ids = ids
  }

  public func encode(to encoder: any Encoder) throws {
    try base.encode(to: encoder)
    var container = encoder.container(keyedBy: DynamicKey.self)
    try container.encode(ids, forKey: DynamicKey(key))
  }
}

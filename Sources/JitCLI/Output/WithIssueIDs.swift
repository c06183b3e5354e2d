import JitCore

/// A value's JSON with one more field, a list of issue ids: a gate definition with `required_by`,
/// an archived issue with `blocked_dependents`.
struct WithIssueIDs<Base: Encodable>: Encodable {
  var base: Base
  var key: String
  var ids: [IssueID]

  init(_ base: Base, _ key: String, _ ids: [IssueID]) {
    self.base = base
    self.key = key
    self.ids = ids
  }

  func encode(to encoder: any Encoder) throws {
    try base.encode(to: encoder)
    var container = encoder.container(keyedBy: DynamicKey.self)
    try container.encode(ids, forKey: DynamicKey(key))
  }
}

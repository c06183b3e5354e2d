import JitCore

/// `jit import`: `{"format", "dry_run", "count", "issues": [{"key", "id", "title", "state",
/// "dependencies"}]}`, in the order created (dependencies first); `id` and `state` are null in a
/// dry run, and `dependencies` are the export's keys.
public struct ImportView: WireView {
  public var format: String
  public var dryRun: Bool
  public var result: ImportResult

  public init(format: String, dryRun: Bool, result: ImportResult) {
    self.format = format
    self.dryRun = dryRun
    self.result = result
  }

  struct Entry: Encodable {
    var key: String
    var id: String?
    var title: String
    var state: String?
    var dependencies: [String]

    func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: DynamicKey.self)
      try container.encode(key, forKey: DynamicKey("key"))
      try container.encode(id, forKey: DynamicKey("id"))
      try container.encode(title, forKey: DynamicKey("title"))
      try container.encode(state, forKey: DynamicKey("state"))
      try container.encode(dependencies, forKey: DynamicKey("dependencies"))
    }
  }

  enum CodingKeys: String, CodingKey {
    case format, count, issues
    case dryRun = "dry_run"
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(format, forKey: .format)
    try container.encode(dryRun, forKey: .dryRun)
    try container.encode(result.issues.count, forKey: .count)
    try container.encode(
      result.issues.map {
        Entry(
          key: $0.key, id: $0.issue?.id.rawValue, title: $0.draft.title, state: $0.issue?.state.rawValue,
          dependencies: $0.draft.dependencies)
      }, forKey: .issues)
  }
}

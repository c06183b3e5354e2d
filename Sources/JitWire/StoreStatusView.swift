import JitCore

/// `store status --json`: `{"store", "healthy", "schema_version", "supported_schema", "server",
/// "issues"}`; `server` is null for the files, `schema_version` null for a database without a
/// jit store, `issues` null when the store cannot be read.
public struct StoreStatusView: WireView {
  public var status: StoreStatus

  public init(_ status: StoreStatus) { self.status = status }

  enum CodingKeys: String, CodingKey {
    case store, healthy
    case schemaVersion = "schema_version"
    case supportedSchema = "supported_schema"
    case server, issues
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(status.store, forKey: .store)
    try container.encode(status.healthy, forKey: .healthy)
    try container.encode(status.schemaVersion, forKey: .schemaVersion)
    try container.encode(status.supportedSchema, forKey: .supportedSchema)
    try container.encode(status.server, forKey: .server)
    try container.encode(status.issues, forKey: .issues)
  }
}

/// `store export --json` and `store import --json`: `{"path", "issues", "events"}`, the `.jit`
/// directory written or read and how many issues and events moved.
public struct StoreTransferView: WireView {
  public var path: String
  public var issues: Int
  public var events: Int

  public init(path: String, issues: Int, events: Int) {
    self.path = path
    self.issues = issues
    self.events = events
  }
}

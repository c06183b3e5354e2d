import JitCore

/// `store status --json`: `{"store", "healthy", "schema_version", "supported_schema", "server",
/// "issues"}`; `server` is null for the files, `schema_version` null for a database without a
/// jit store, `issues` null when the store cannot be read.
public struct StoreStatusView: WireView {
  public var store: String
  public var healthy: Bool
  public var schemaVersion: Int?
  public var supportedSchema: Int
  public var server: String?
  public var issues: Int?

  public init(
    store: String, healthy: Bool, schemaVersion: Int?, supportedSchema: Int, server: String?, issues: Int?
  ) {
    self.store = store
    self.healthy = healthy
    self.schemaVersion = schemaVersion
    self.supportedSchema = supportedSchema
    self.server = server
    self.issues = issues
  }

  enum CodingKeys: String, CodingKey {
    case store, healthy
    case schemaVersion = "schema_version"
    case supportedSchema = "supported_schema"
    case server, issues
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(store, forKey: .store)
    try container.encode(healthy, forKey: .healthy)
    try container.encode(schemaVersion, forKey: .schemaVersion)
    try container.encode(supportedSchema, forKey: .supportedSchema)
    try container.encode(server, forKey: .server)
    try container.encode(issues, forKey: .issues)
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

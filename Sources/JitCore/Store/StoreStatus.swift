/// What `jit store status` reports.
public struct StoreStatus: Sendable {
  /// `files` or `postgresql`.
  public var store: String
  /// Whether the store answers.
  public var healthy: Bool
  /// The schema version the store holds (nil: none yet, or unreachable).
  public var schemaVersion: Int?
  /// The schema version this jit writes.
  public var supportedSchema: Int
  /// The server's version, for a database.
  public var server: String?
  public var issues: Int?
  /// What is wrong, when it is not healthy.
  public var error: JitError?

  public init(
    store: String, healthy: Bool, schemaVersion: Int?, supportedSchema: Int, server: String? = nil,
    issues: Int? = nil, error: JitError? = nil
  ) {
    self.store = store
    self.healthy = healthy
    self.schemaVersion = schemaVersion
    self.supportedSchema = supportedSchema
    self.server = server
    self.issues = issues
    self.error = error
  }
}

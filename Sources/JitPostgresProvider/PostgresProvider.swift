import FoundationEssentials
import JitApp
import JitConfigFile
import JitCore
import JitPostgres

/// The PostgreSQL store composed into the application (`StoreComposition`): what `jit-pg`
/// registers at start-up. It reads `.jit/config.toml` with TOMLKit, and connects with
/// `JIT_DATABASE_URL` or, without it, libpq's own environment and service files.
public struct PostgresProvider: StoreProvider {
  public init() {}

  public func settings(at path: String) throws -> RepositorySettings {
    guard let bytes = try FileSystem.read(path) else { return RepositorySettings() }
    return try ConfigFile.parse(String(decoding: bytes, as: UTF8.self), path: path)
  }

  /// Parses `config.toml` (`JitConfigFile`, shared with the static `jit`).
  public static func parse(_ text: String, path: String) throws -> RepositorySettings {
    try ConfigFile.parse(text, path: path)
  }

  public func makeStore(_ configuration: JitConfiguration, settings: RepositorySettings) throws -> any Store {
    PostgresStore(conninfo: configuration.databaseURL ?? "", lockTimeout: configuration.lockTimeout)
  }

  public func linkedStore(databaseURL: String) -> any Store {
    PostgresStore(conninfo: databaseURL)
  }

  public func clock(for store: any Store) -> (@Sendable () -> Timestamp)? {
    guard let store = store as? PostgresStore else { return nil }
    // The database's clock: machines whose clocks differ agree on leases. A reading that fails
    // falls back to this machine's (the write that needs it then fails as unavailable anyway).
    return { (try? store.now()) ?? Timestamp(Date()) }
  }

  public func create(_ configuration: JitConfiguration, settings: RepositorySettings) throws -> Bool {
    try PostgresStore(conninfo: configuration.databaseURL ?? "").create(toolVersion: JitVersion.current)
  }

  public func status(_ configuration: JitConfiguration, settings: RepositorySettings) -> StoreStatus {
    let status = PostgresStore(conninfo: configuration.databaseURL ?? "").status()
    var error = status.error
    if error == nil, let installed = status.schemaVersion, installed > PostgresSchema.version {
      error = JitError(.unsupportedSchema, "the store's schema version \(installed) is from a newer jit")
    }
    if error == nil && status.schemaVersion == nil {
      error = JitError(.notInitialized, "the database has no jit store: run 'jit init --store postgresql'")
    }
    let server = status.serverVersion.map { "PostgreSQL \($0 / 10000).\($0 % 10000)" }
    return StoreStatus(
      store: "postgresql", healthy: error == nil, schemaVersion: status.schemaVersion,
      supportedSchema: PostgresSchema.version, server: server, issues: status.reachable ? status.issues : nil,
      error: error)
  }
}

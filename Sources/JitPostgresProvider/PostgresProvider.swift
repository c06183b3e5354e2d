import FoundationEssentials
import JitApp
import JitCore
import JitPostgres
import TOMLKit

/// The PostgreSQL store composed into the application (`StoreComposition`): what `jit-pg`
/// registers at start-up. It reads `.jit/config.toml` with TOMLKit, and connects with
/// `JIT_DATABASE_URL` or, without it, libpq's own environment and service files.
public struct PostgresProvider: StoreProvider {
  public init() {}

  public func settings(at path: String) throws -> RepositorySettings {
    guard let bytes = try FileSystem.read(path) else { return RepositorySettings() }
    return try Self.parse(String(decoding: bytes, as: UTF8.self), path: path)
  }

  /// Parses `config.toml`: one key, `store`. Any other key is refused (so that nobody commits a
  /// connection string or a password there): `CORRUPT_FILE` with the path, the key and the line.
  public static func parse(_ text: String, path: String) throws -> RepositorySettings {
    let table: TOMLTable
    do {
      table = try TOMLTable(string: text)
    } catch let error as TOMLParseError {
      throw JitError.corruptFile(
        path, "line \(error.source.begin.line): not valid TOML: \(error.description)")
    }
    for key in table.keys.sorted() where key != "store" {
      throw JitError.corruptFile(
        path,
        "unknown key '\(key)' (the only key is store; the connection comes from JIT_DATABASE_URL or "
          + "libpq's environment, never from a committed file)")
    }
    guard let value = table["store"] else { return RepositorySettings() }
    guard let store = value.string, RepositorySettings.stores.contains(store) else {
      throw JitError.corruptFile(path, "store must be \"files\" or \"postgresql\"")
    }
    return RepositorySettings(store: store)
  }

  public func makeStore(_ configuration: JitConfiguration, settings: RepositorySettings) throws -> any Store {
    PostgresStore(conninfo: configuration.databaseURL ?? "", lockTimeout: configuration.lockTimeout)
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

import JitCore
import Synchronization

/// What `.jit/config.toml` says (docs/format.md): committed, and secret-free by construction (it
/// has no key that could hold a connection string or a password).
public struct RepositorySettings: Sendable, Hashable {
  /// `files` (the default) or `postgresql`.
  public var store: String
  /// The other repositories external dependencies (`alias:ID`) name, by alias: the
  /// `[repositories]` table.
  public var repositories: [String: RepositoryLink]

  public init(store: String = "files", repositories: [String: RepositoryLink] = [:]) {
    self.store = store
    self.repositories = repositories
  }

  /// Whether this process needs the PostgreSQL store: for its own issues, or to read an alias.
  public var needsPostgreSQL: Bool {
    store == "postgresql"
      || repositories.values.contains { if case .postgresql = $0 { true } else { false } }
  }

  /// The store names jit knows.
  public static let stores = ["files", "postgresql"]

  /// The path of the file in a repository.
  public static func path(_ layout: RepositoryLayout) -> String { layout.jitDirectory + "/config.toml" }
}

/// Where an alias of `[repositories]` points.
public enum RepositoryLink: Sendable, Hashable {
  /// A jit repository on disk (its root directory, as written: relative to this repository's root).
  case path(String)
  /// A PostgreSQL store, whose connection string is in the environment variable named (never in the
  /// committed file). Read through `jit-pg`.
  case postgresql(databaseEnv: String)
}

/// A backend beyond the files, registered by the executable that links it (`jit-pg` registers the
/// PostgreSQL store): the static `jit` registers none and hands such repositories to `jit-pg`
/// (`JitCLI.Companion`). How the application is composed stays in one place (`JitApplication`).
public protocol StoreProvider: Sendable {
  /// Reads `.jit/config.toml` (the provider links the TOML parser; the static `jit` does not).
  func settings(at path: String) throws -> RepositorySettings
  /// The store `settings` name, for a repository (never `files`).
  func makeStore(_ configuration: JitConfiguration, settings: RepositorySettings) throws -> any Store
  /// The clock the rules and leases use with that store (a database's own).
  func clock(for store: any Store) -> (@Sendable () -> Timestamp)?
  /// Creates the store's schema (or migrates it forward); whether it created it.
  func create(_ configuration: JitConfiguration, settings: RepositorySettings) throws -> Bool
  /// Its health and schema.
  func status(_ configuration: JitConfiguration, settings: RepositorySettings) -> StoreStatus
  /// Another repository's store, named by an alias of `[repositories]`, only ever read
  /// (`LinkedRepositories`): for PostgreSQL, over the connection string `databaseURL`.
  func linkedStore(databaseURL: String) -> any Store
}

/// The provider this process was built with, if any.
public enum StoreComposition {
  private static let installed = Mutex<(any StoreProvider)?>(nil)
  private static let reader = Mutex<(@Sendable (String) throws -> RepositorySettings)?>(nil)

  /// Registers the `config.toml` parser (the static `jit` and `jit-pg` both link one: `JitConfigFile`).
  public static func installReader(_ read: @escaping @Sendable (String) throws -> RepositorySettings) {
    reader.withLock { $0 = read }
  }

  /// Registers the provider (once, at start-up, by the executable that links it).
  public static func install(_ provider: any StoreProvider) { installed.withLock { $0 = provider } }

  /// The registered provider.
  public static var provider: (any StoreProvider)? { installed.withLock { $0 } }

  /// The settings of a repository: its `config.toml`, or the defaults without one.
  /// `STORE_UNAVAILABLE` (with `details.companion`) when it has one and no provider can read it.
  public static func settings(_ layout: RepositoryLayout) throws -> RepositorySettings {
    let path = RepositorySettings.path(layout)
    guard FileSystem.exists(path) else { return RepositorySettings() }
    if let read = reader.withLock({ $0 }) { return try read(path) }
    guard let provider else { throw companionNeeded(path) }
    return try provider.settings(at: path)
  }

  static func companionNeeded(_ path: String) -> JitError {
    JitError(
      .storeUnavailable,
      "\(path) chooses the store, which this jit cannot read: jit-pg (installed beside jit by "
        + "scripts/install, or named by JIT_PG) is needed",
      details: ["companion": .string("jit-pg"), "path": .string(path)])
  }
}

import FoundationEssentials
import JitCore
import JitIndex

/// One repository, composed from a `JitConfiguration`: its store (the files, with the derived
/// index unless it is off), the `Tracker` that changes issues, and the event log; and the read
/// models every front end shares (an issue's detail, trees and exports, event searches, status).
///
/// The calls are synchronous and may block (a lock wait up to the lock timeout, a checker up to its
/// own); from async code use the `async` variants (see `JitApplication+Async.swift`), which run
/// that work on a thread of their own, never on Swift's cooperative pool.
public struct JitApplication: Sendable {
  /// What this application was built from.
  public let configuration: JitConfiguration
  /// The repository on disk.
  public let layout: RepositoryLayout
  /// The one place that changes issues.
  public let tracker: Tracker
  /// The files the store's reads passed over (an issue file that does not parse, a FIFO, ...),
  /// for the front end to warn about: `drain()` after each call.
  public let skippedFiles: SkippedFileLog
  /// The other repositories `config.toml` names, which external dependencies are read from.
  public let linked: LinkedRepositories

  /// Finds the repository and composes its store and tracker; `NOT_INITIALIZED` when there is none,
  /// `UNSUPPORTED_SCHEMA` for a repository of a newer version.
  public init(
    _ configuration: JitConfiguration, clock: @escaping @Sendable () -> Timestamp = { Timestamp(Date()) },
    skippedFiles: SkippedFileLog = SkippedFileLog()
  ) throws {
    let layout = try configuration.locate()
    let settings = try StoreComposition.settings(layout)
    guard settings.store != "files", let provider = StoreComposition.provider else {
      self.init(configuration, layout: layout, clock: clock, skippedFiles: skippedFiles, settings: settings)
      return
    }
    // Another store (docs/postgresql.md): the repository's directory stays the workspace gate
    // checkers run in; the rules and leases use the store's clock.
    let store = try provider.makeStore(configuration, settings: settings)
    self.init(
      configuration, layout: layout, store: store, clock: provider.clock(for: store) ?? clock,
      skippedFiles: skippedFiles, settings: settings)
  }

  /// Composes the store and tracker over a repository already located.
  public init(
    _ configuration: JitConfiguration, layout: RepositoryLayout,
    clock: @escaping @Sendable () -> Timestamp = { Timestamp(Date()) },
    skippedFiles: SkippedFileLog = SkippedFileLog(), settings: RepositorySettings? = nil
  ) {
    let settings = settings ?? (try? StoreComposition.settings(layout)) ?? RepositorySettings()
    let store: any Store =
      configuration.usesIndex
      ? IndexedStore(
        layout: layout, toolVersion: JitVersion.current, lockTimeout: configuration.lockTimeout,
        skippedFiles: skippedFiles)
      : JSONFileStore(layout: layout, lockTimeout: configuration.lockTimeout, skippedFiles: skippedFiles)
    self.init(
      configuration, layout: layout, store: store, clock: clock, skippedFiles: skippedFiles,
      settings: settings)
  }

  /// Composes the tracker over a store already made.
  init(
    _ configuration: JitConfiguration, layout: RepositoryLayout, store: any Store,
    clock: @escaping @Sendable () -> Timestamp, skippedFiles: SkippedFileLog, settings: RepositorySettings
  ) {
    self.configuration = configuration
    self.layout = layout
    self.skippedFiles = skippedFiles
    let linked = LinkedRepositories(
      root: layout.rootDirectory, links: settings.repositories, environment: configuration.checkerEnvironment)
    self.linked = linked
    self.tracker = Tracker(store: store, clock: clock, workspace: layout, external: linked)
  }

  /// The store every session of this application runs in.
  public var store: any Store { tracker.store }

  /// The event log file.
  public var eventLog: FileEventLog { FileEventLog(path: layout.eventsFile) }

  /// The actor a call acts as: `explicit` when given, else the configuration's default.
  public func actor(_ explicit: String?) throws -> Actor { try configuration.actor(explicit) }

  /// Parses what a user typed to name an issue.
  func reference(_ text: String) throws -> IssueReference { try IssueReference(text) }
}

import Foundation
import JitApp
import JitCore
import JitPostgres
import JitPostgresProvider

/// The store the CLI's end-to-end suites run against. They run once on the files (the default) and
/// once more on PostgreSQL (`JIT_TEST_STORE=postgresql`, as `scripts/test` does): every command
/// must give the same answers on both. A test of what only the files have (their bytes, the git
/// merge driver, the SQLite index) says so with `@Test(.enabled(if: RepositoryStore.onFiles))`.
public enum RepositoryStore: String, Sendable {
  case files
  case postgresql

  /// The store chosen for this test process by `JIT_TEST_STORE` (`files` without it).
  public static let current: RepositoryStore = {
    let named = ProcessInfo.processInfo.environment["JIT_TEST_STORE"] ?? "files"
    guard let store = RepositoryStore(rawValue: named) else {
      fatalError("JIT_TEST_STORE must be files or postgresql, not \(named)")
    }
    return store
  }()

  /// Whether the suites run on the files: a test of what only the file store has runs only then.
  public static var onFiles: Bool { current == .files }

  /// What a suite that runs the built binaries in a directory of its own adds to its environment
  /// for this store: a fresh database on PostgreSQL, nothing on the files.
  public func environment() throws -> [String: String] {
    self == .postgresql ? ["JIT_DATABASE_URL": try Self.database()] : [:]
  }

  /// A command of such a suite, its `jit init` made on this store (`--store postgresql`).
  public func arguments(_ arguments: [String]) -> [String] {
    guard self == .postgresql, arguments.first == "init", !arguments.contains("--store") else {
      return arguments
    }
    return arguments + ["--store", "postgresql"]
  }

  /// A fresh database (a schema of its own) on the test process's server, for one repository;
  /// the in-process CLI is given the PostgreSQL provider, as `jit-pg` has it.
  static func database() throws -> String {
    StoreComposition.install(PostgresProvider())
    return try PostgresServer.shared().makeDatabase()
  }

  /// The event log of a repository whose commands ran with `environment`, parsed: its
  /// `.jit/events.jsonl`, or its database's (`JIT_DATABASE_URL`) when the suites run on PostgreSQL.
  public static func events(_ layout: RepositoryLayout, environment: [String: String]) throws -> [[String:
    Any]]
  {
    let lines: [String]
    if inDatabase(layout, environment) {
      let events = try open(layout, environment: environment).read { try $0.events().events }
      let encoder = JSONCoding.lineEncoder()
      lines = try events.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
    } else {
      let text = (try? String(contentsOfFile: layout.eventsFile, encoding: .utf8)) ?? ""
      lines = text.split(separator: "\n").map(String.init)
    }
    return try lines.map {
      guard let object = try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] else {
        throw HarnessError("event line is not an object: \($0)")
      }
      return object
    }
  }
}

import JitCore

/// The tables of the PostgreSQL store (docs/postgresql.md), and how a database is brought to this
/// jit's version: created by `jit init --store postgresql`, migrated forward by any later jit, and
/// refused (`UNSUPPORTED_SCHEMA`) when a newer jit made it.
///
/// An issue row keeps the file exactly as the file store writes it (`body`), which is what
/// makes `jit store export` byte-identical; the other columns are derived from it at each write, for
/// the queries that must not read every body (claim candidates, stale derived states, edges).
public enum PostgresSchema {
  /// The version this jit writes and reads.
  public static let version = 3

  /// The key of the transaction-level advisory lock every write session takes (and the schema's
  /// creation and migrations): `jit` in ASCII.
  static let writeLock = "7002484"

  /// Version 1.
  static let createVersion1 = """
    CREATE TABLE jit_meta (
      one integer PRIMARY KEY CHECK (one = 1),
      schema_version integer NOT NULL,
      created_by text NOT NULL);
    CREATE TABLE jit_issues (
      id text COLLATE "C" PRIMARY KEY,
      state text NOT NULL,
      priority integer NOT NULL,
      created_at bigint NOT NULL,
      assignee text,
      claimable boolean NOT NULL,
      has_gates boolean NOT NULL,
      held boolean NOT NULL,
      body text NOT NULL);
    CREATE INDEX jit_issues_work ON jit_issues (priority DESC, created_at, id) WHERE claimable;
    CREATE INDEX jit_issues_state ON jit_issues (state);
    CREATE TABLE jit_deps (
      issue text COLLATE "C" NOT NULL,
      ord integer NOT NULL,
      dep text COLLATE "C" NOT NULL,
      PRIMARY KEY (issue, ord));
    CREATE INDEX jit_deps_by_dep ON jit_deps (dep, issue);
    CREATE TABLE jit_registry (
      one integer PRIMARY KEY CHECK (one = 1),
      body text NOT NULL);
    CREATE TABLE jit_events (
      seq bigserial PRIMARY KEY,
      line text NOT NULL);
    CREATE TABLE jit_leases (
      id text COLLATE "C" PRIMARY KEY,
      body text NOT NULL);
    """

  /// The migrations, by the version each one leads to (version 1 is the creation). Each runs in
  /// the transaction that holds the write lock, then its back-fill (`PostgresMigration`).
  static let migrations: [Int: String] = [
    2: PostgresMigration.toVersion2, 3: PostgresMigration.toVersion3,
  ]

  /// The schema version the database holds, or nil when it has no jit tables.
  static func installedVersion(_ connection: PostgresConnection) throws -> Int? {
    let exists = try connection.query("SELECT to_regclass('jit_meta') IS NOT NULL")
    guard exists.first?.first == "t" else { return nil }
    let rows = try connection.query("SELECT schema_version FROM jit_meta")
    return rows.first?.first.flatMap { $0.flatMap { Int($0) } }
  }

  /// Refuses a database this jit cannot use: none (`NOT_INITIALIZED`), a newer one
  /// (`UNSUPPORTED_SCHEMA`); migrates an older one forward.
  static func prepare(_ connection: PostgresConnection) throws {
    guard let installed = try installedVersion(connection) else {
      throw JitError(
        .notInitialized,
        "the PostgreSQL database has no jit store: run 'jit init --store postgresql' (or 'jit store import')",
        details: ["store": .string("postgresql")])
    }
    if installed > version { throw newer(installed) }
    if installed < version { try migrate(connection) }
  }

  /// Creates the tables if there are none, else migrates them forward; returns whether it created.
  @discardableResult
  static func create(_ connection: PostgresConnection, toolVersion: String) throws -> Bool {
    try connection.run("BEGIN")
    do {
      try connection.query("SELECT pg_advisory_xact_lock(\(writeLock))")
      let installed = try installedVersion(connection)
      if let installed, installed > version { throw newer(installed) }
      if installed == nil {
        try connection.script(createVersion1)
        try connection.run(
          "INSERT INTO jit_meta (one, schema_version, created_by) VALUES (1, $1, $2)",
          [String(1), toolVersion])
      }
      try applyMigrations(connection, from: installed ?? 1)
      try connection.run("COMMIT")
      return installed == nil
    } catch {
      if connection.isHealthy { _ = try? connection.run("ROLLBACK") }
      throw error
    }
  }

  static func migrate(_ connection: PostgresConnection) throws {
    try connection.run("BEGIN")
    do {
      try connection.query("SELECT pg_advisory_xact_lock(\(writeLock))")
      guard let installed = try installedVersion(connection) else {
        throw JitError(.notInitialized, "no jit store")
      }
      if installed > version { throw newer(installed) }
      try applyMigrations(connection, from: installed)
      try connection.run("COMMIT")
    } catch {
      if connection.isHealthy { _ = try? connection.run("ROLLBACK") }
      throw error
    }
  }

  private static func applyMigrations(_ connection: PostgresConnection, from installed: Int) throws {
    guard installed < version else { return }
    for next in (installed + 1)...version {
      if let sql = migrations[next] { try connection.script(sql) }
      try PostgresMigration.backFill(connection, to: next)
      try connection.run("UPDATE jit_meta SET schema_version = $1", [String(next)])
    }
  }

  static func newer(_ installed: Int) -> JitError {
    JitError(
      .unsupportedSchema,
      "the PostgreSQL store has schema version \(installed), from a newer jit; this jit reads version "
        + "\(version): upgrade jit (nothing was read or written)",
      details: ["schema": .int(Int64(installed)), "supported": .int(Int64(version))])
  }

  static func registryBody(_ registry: GateRegistry) throws -> String {
    String(decoding: try JSONCoding.encodeFile(registry), as: UTF8.self)
  }
}

import JitCore
import JitSystem
import Synchronization

/// The PostgreSQL backend (docs/postgresql.md): one database shared by every machine's agents.
///
/// - A read session is one `REPEATABLE READ, READ ONLY` transaction: one consistent view.
/// - A write session is one transaction that first takes a transaction-level advisory lock, so
///   writers run one at a time as they do on the file store (the rules check invariants across
///   issues: cycles, readiness, gates); a killed client's lock goes with its connection. Its unit
///   is applied inside the transaction and kept by `COMMIT`, or none of it is. A claim is applied
///   as a conditional update (`... WHERE assignee IS NULL AND state = 'ready' RETURNING id`), and
///   claim-next's candidates are taken `FOR UPDATE SKIP LOCKED`.
/// - Events are rows of `jit_events` numbered by a sequence; each unit that appends some sends
///   `NOTIFY jit_events` (delivered only when the transaction commits).
/// - A connection that breaks fails the command with `STORE_UNAVAILABLE`; the server rolls back
///   whatever its transaction had done.
///
/// The store holds its connection string and a pool of idle connections; sessions hold the rest.
public final class PostgresStore: Store {
  /// The libpq connection string or URL (`""`: libpq's environment and service files).
  public let conninfo: String
  /// How long a write waits for another writer before `LOCK_TIMEOUT`.
  public let lockTimeout: Duration
  let pool: PostgresPool

  public init(conninfo: String, lockTimeout: Duration = .seconds(30)) {
    self.conninfo = conninfo
    self.lockTimeout = lockTimeout
    self.pool = PostgresPool(conninfo: conninfo)
  }

  public func read<T>(_ body: (any ReadSession) throws -> T) throws -> T {
    try pool.withConnection { connection in
      try transaction(connection, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY") { _ in
        try body(PostgresSession(connection))
      }
    }
  }

  public func write<T>(_ body: (any WriteSession) throws -> T) throws -> T {
    try pool.withConnection { connection in
      // One round trip: the transaction, its lock timeout, the write lock and whether the stored
      // derived states are known to be right (`PostgresStates`).
      try transaction(
        connection,
        "BEGIN; SET LOCAL lock_timeout = \(lockTimeoutMilliseconds); "
          + "SELECT pg_advisory_xact_lock(\(PostgresSchema.writeLock)); SELECT states_checked FROM jit_meta"
      ) { begun in
        let session = PostgresSession(connection, locking: true)
        session.statesChecked = begun.first?.first == "t"
        let staging = StagingSession(base: session)
        let result = try body(staging)
        let unit = staging.unit
        if !unit.isEmpty {
          try reporting {
            try PostgresWriter(connection, session: session).apply(unit)
            try PostgresStates.record(connection, session: session, unit: unit)
          }
        }
        return result
      }
    }
  }

  /// Runs `body` in a transaction begun with `begin` (statements run in one round trip; `body` is
  /// given the last one's rows), committed when it returns and rolled back
  /// when it throws.
  private func transaction<T>(
    _ connection: PostgresConnection, _ begin: String, _ body: ([[String?]]) throws -> T
  )
    throws
    -> T
  {
    let result: T
    do {
      let begun = try reporting { try connection.batch(begin) }  // a lock timeout leaves it to roll back
      result = try body(begun)
    } catch {
      if connection.isHealthy { _ = try? connection.run("ROLLBACK") }
      throw error
    }
    try reporting { try connection.run("COMMIT") }
    return result
  }

  /// Creates the schema (or migrates it forward); returns whether it was created.
  @discardableResult
  public func create(toolVersion: String) throws -> Bool {
    try reporting {
      let connection = try PostgresConnection(conninfo)
      return try PostgresSchema.create(connection, toolVersion: toolVersion)
    }
  }

  /// The database's clock, in milliseconds: what leases are measured by, so that machines whose
  /// clocks differ agree on when a lease expires. The server's clock is read once, when the first
  /// connection opens (outside any write's lock), and this machine's clock corrected by the
  /// difference then measured is used from then on: no query inside a write.
  public func now() throws -> Timestamp {
    if pool.clockOffset() == nil { try pool.withConnection { _ in } }
    return Timestamp(millisecondsSince1970: PostgresPool.localMilliseconds() + (pool.clockOffset() ?? 0))
  }

  /// What `jit store status` reports.
  public func status() -> PostgresStatus {
    do {
      return try reporting {
        let connection = try PostgresConnection(conninfo)
        let version = try PostgresSchema.installedVersion(connection)
        var issues = 0
        var events = 0
        if version != nil {
          let rows = try connection.query(
            "SELECT (SELECT count(*) FROM jit_issues), (SELECT coalesce(max(seq), 0) FROM jit_events)")
          issues = Int(rows.first?[0] ?? "") ?? 0
          events = Int(rows.first?[1] ?? "") ?? 0
        }
        return PostgresStatus(
          reachable: true, serverVersion: connection.serverVersion, schemaVersion: version, issues: issues,
          lastEvent: events, error: nil)
      }
    } catch {
      return PostgresStatus(
        reachable: false, serverVersion: nil, schemaVersion: nil, issues: 0, lastEvent: 0,
        error: error as? JitError)
    }
  }
}

/// What `jit store status` says about a PostgreSQL store.
public struct PostgresStatus: Sendable {
  public var reachable: Bool
  /// Such as 150018.
  public var serverVersion: Int?
  /// nil when the database has no jit tables.
  public var schemaVersion: Int?
  public var issues: Int
  /// The sequence number of the newest event.
  public var lastEvent: Int
  public var error: JitError?
}

/// Idle connections, kept between sessions; each one's schema was checked when it was opened.
final class PostgresPool: Sendable {
  let conninfo: String
  private let idle = Mutex<[PostgresConnection]>([])
  static let capacity = 8

  init(conninfo: String) { self.conninfo = conninfo }

  func withConnection<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
    let connection = try idle.withLock { $0.popLast() } ?? open()
    defer {
      if connection.isHealthy && !connection.inTransaction {
        idle.withLock { if $0.count < Self.capacity { $0.append(connection) } }
      }
    }
    return try body(connection)
  }

  private func open() throws -> PostgresConnection {
    try reporting {
      let connection = try PostgresConnection(conninfo)
      try PostgresSchema.prepare(connection)
      if offset.withLock({ $0 }) == nil {
        let before = Self.localMilliseconds()
        let rows = try connection.query("SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint")
        let after = Self.localMilliseconds()
        if let text = rows.first?.first ?? nil, let server = Int64(text) {
          offset.withLock { $0 = server - (before + after) / 2 }
        }
      }
      return connection
    }
  }

  /// The server's clock minus this machine's, once measured.
  private let offset = Mutex<Int64?>(nil)
  func clockOffset() -> Int64? { offset.withLock { $0 } }

  /// This machine's wall clock, in milliseconds.
  static func localMilliseconds() -> Int64 {
    var now = timespec()
    clock_gettime(CLOCK_REALTIME, &now)
    return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
  }
}

extension PostgresStore: SequencedEventLog {
  public var eventLogName: String { "postgresql:jit_events" }

  public func events(after sequence: Int64) throws -> (contents: EventLogContents, last: Int64) {
    try pool.withConnection { connection in try settledEvents(connection, after: sequence) }
  }

  public func eachEventLine(_ body: (ArraySlice<UInt8>) throws -> Void) throws {
    try pool.withConnection { connection in
      try reporting {
        try connection.query("SELECT line FROM jit_events ORDER BY seq", []) { row in
          if let line = row[0] { try body(Array(line.utf8)[...]) }
        }
      }
    }
  }

  /// A connection of its own that has run `LISTEN jit_events`.
  public func makeWaiter() throws -> any EventWaiter {
    try reporting {
      let connection = try PostgresConnection(conninfo)
      try connection.run("LISTEN jit_events")
      return PostgresEventWaiter(connection: connection)
    }
  }
}

/// Waits on a `LISTEN jit_events` connection.
final class PostgresEventWaiter: EventWaiter, @unchecked Sendable {  // safe: one follower polls it at a time
  let connection: PostgresConnection

  init(connection: PostgresConnection) { self.connection = connection }

  func wait(timeout: Duration) throws {
    let milliseconds =
      timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000
    _ = try reporting { try connection.awaitNotifications(timeoutMs: Int32(clamping: milliseconds)) }
  }
}

import CLibPQ
import JitCore
import JitSystem

/// One libpq connection, used by one session at a time (it is not `Sendable`: a pool hands it from
/// one session to the next). Statements take text parameters and give text columns.
final class PostgresConnection: @unchecked Sendable {  // safe: one session at a time; pool hands it on locked
  let handle: OpaquePointer
  /// Statements run more than once on this connection, by text: the name each was prepared
  /// under once it ran a second time (`PostgresPrepared.swift`), or "" after its first run.
  var preparedNames: [String: String] = [:]

  /// Connects with a libpq connection string or URL (`""`: libpq's own environment and service
  /// files: `PGHOST`, `PGSERVICE`, ...). `STORE_UNAVAILABLE` when the server cannot be reached.
  init(_ conninfo: String) throws {
    guard let handle = PQconnectdb(conninfo) else {
      throw PostgresError.unavailable("libpq could not allocate a connection")
    }
    guard PQstatus(handle) == CONNECTION_OK else {
      let message = Self.message(handle)
      PQfinish(handle)
      throw PostgresError.unavailable(message)
    }
    self.handle = handle
    _ = PQsetNoticeProcessor(handle, { _, _ in }, nil)  // NOTICEs (IF NOT EXISTS, ...) are not output
    // The server's JIT compiler costs tens of milliseconds a statement once a plan's cost passes
    // jit_above_cost (a whole-table read at 100,000 issues does), more than the statements
    // themselves take: jit's are short, run once a command, and are never worth compiling.
    guard let result = PQexec(handle, "SET jit = off") else { return }
    PQclear(result)
  }

  deinit { PQfinish(handle) }

  /// Whether the connection is still good (a failed one is dropped, never pooled).
  var isHealthy: Bool { PQstatus(handle) == CONNECTION_OK }

  /// Whether it is inside a transaction block (a session that ends in one rolls back first).
  var inTransaction: Bool { PQtransactionStatus(handle) != PQTRANS_IDLE }

  /// The server's version number, such as 150018.
  var serverVersion: Int { Int(PQserverVersion(handle)) }

  /// Runs one statement and returns its rows (nil for SQL NULL).
  @discardableResult
  func query(_ sql: String, _ parameters: [String?] = []) throws -> [[String?]] {
    try Self.collect(try execute(sql, parameters))
  }

  /// Runs one statement and hands each row to `body`.
  func query(_ sql: String, _ parameters: [String?], each body: ([String?]) throws -> Void) throws {
    let result = try execute(sql, parameters)
    defer { PQclear(result) }
    try Self.rows(result, each: body)
  }

  /// Runs several statements in one string (no parameters) in one round trip; the rows of the last.
  func batch(_ sql: String) throws -> [[String?]] {
    try Self.collect(try checked(PQexec(handle, sql)))
  }

  /// A result's rows; the result is cleared.
  static func collect(_ result: OpaquePointer) throws -> [[String?]] {
    defer { PQclear(result) }
    var rows: [[String?]] = []
    try Self.rows(result) { rows.append($0) }
    return rows
  }

  static func rows(_ result: OpaquePointer, each body: ([String?]) throws -> Void) throws {
    let rowCount = PQntuples(result)
    let columnCount = PQnfields(result)
    var row: [String?] = []
    row.reserveCapacity(Int(columnCount))
    for rowIndex in 0..<rowCount {
      row.removeAll(keepingCapacity: true)
      for column in 0..<columnCount {
        if PQgetisnull(result, rowIndex, column) != 0 {
          row.append(nil)
        } else if let value = PQgetvalue(result, rowIndex, column) {
          row.append(String(cString: value))
        } else {
          row.append(nil)
        }
      }
      try body(row)
    }
  }

  /// Runs one statement for its effect; returns how many rows it changed.
  @discardableResult
  func run(_ sql: String, _ parameters: [String?] = []) throws -> Int {
    let result = try execute(sql, parameters)
    defer { PQclear(result) }
    return Int(String(cString: PQcmdTuples(result))) ?? 0
  }

  /// Runs several statements in one string (no parameters): the schema.
  func script(_ sql: String) throws {
    PQclear(try checked(PQexec(handle, sql)))
  }

  /// Waits for `LISTEN` notifications until `timeoutMs` passes; returns how many arrived.
  func awaitNotifications(timeoutMs: Int32) throws -> Int {
    var count = drainNotifications()
    if count > 0 { return count }
    let socket = PQsocket(handle)
    guard socket >= 0 else { throw failure(nil) }
    var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
    if poll(&descriptor, 1, timeoutMs) > 0 {
      guard PQconsumeInput(handle) == 1 else { throw failure(nil) }
      count = drainNotifications()
    }
    return count
  }

  private func drainNotifications() -> Int {
    var count = 0
    while let notification = PQnotifies(handle) {
      PQfreemem(notification)
      count += 1
    }
    return count
  }

  private func execute(_ sql: String, _ parameters: [String?]) throws -> OpaquePointer {
    try checked(
      Self.withParameters(parameters) {
        PQexecParams(handle, sql, Int32(parameters.count), nil, $0, nil, nil, 0)
      })
  }

  /// Calls `body` with `parameters` as C strings (NULL for nil), valid for the call only.
  static func withParameters<T>(_ parameters: [String?], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> T)
    -> T
  {
    let copies: [UnsafeMutablePointer<CChar>?] = parameters.map { $0.flatMap { strdup($0) } }
    defer { for copy in copies { free(copy) } }
    let pointers = copies.map { UnsafePointer($0) }
    return pointers.withUnsafeBufferPointer { body($0.baseAddress) }
  }

  /// `result` when its statement succeeded; else it is cleared and the failure thrown.
  func checked(_ result: OpaquePointer?) throws -> OpaquePointer {
    guard let result else { throw failure(nil) }
    let status = PQresultStatus(result)
    guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
      defer { PQclear(result) }
      throw failure(result)
    }
    return result
  }

  /// The error for a failed statement: `STORE_UNAVAILABLE` when the connection is gone (the
  /// server stopped, the network dropped), else the server's own message.
  func failure(_ result: OpaquePointer?) -> PostgresError {
    let message = Self.message(handle)
    guard isHealthy else { return .unavailable(message) }
    let state = result.flatMap { PQresultErrorField($0, Int32(UInt8(ascii: "C"))) }.map {
      String(cString: $0)
    }
    return .server(state: state ?? "", message: message)
  }

  static func message(_ handle: OpaquePointer) -> String {
    guard let text = PQerrorMessage(handle) else { return "unknown libpq error" }
    let message = String(cString: text)
    return message.split(whereSeparator: \.isNewline).joined(separator: "; ")
  }
}

/// What went wrong talking to the database.
enum PostgresError: Error {
  /// The server cannot be reached or the connection broke.
  case unavailable(String)
  /// The server refused a statement (SQLSTATE and message).
  case server(state: String, message: String)

  /// As the error a command reports.
  var jitError: JitError {
    switch self {
    case .unavailable(let message):
      return JitError(
        .storeUnavailable,
        "the PostgreSQL store cannot be reached: \(message) (nothing was written; check JIT_DATABASE_URL "
          + "and that the server runs, then retry)",
        details: ["reason": .string(message)])
    case .server(let state, let message):
      if state == "40001" || state == "40P01" {
        return JitError(
          .lockTimeout, "the database gave up a transaction (\(message)); retry",
          details: ["sqlstate": .string(state)])
      }
      if state == "57014" || state == "55P03" {
        return JitError(
          .lockTimeout, "another jit process held the store longer than the lock timeout; retry",
          details: ["sqlstate": .string(state)])
      }
      return JitError(
        .internalError, "PostgreSQL: \(message)", details: ["sqlstate": .string(state)])
    }
  }
}

/// Runs `body`, turning `PostgresError` into the `JitError` a command reports.
@discardableResult
func reporting<T>(_ body: () throws -> T) throws -> T {
  do { return try body() } catch let error as PostgresError { throw error.jitError }
}

import CSQLite
import JitCore

/// A failure reported by SQLite. The index treats any of them as "the cache is unusable": it is
/// rebuilt from the files, or the command falls back to reading the files.
struct SQLiteError: Error, CustomStringConvertible {
  var code: Int32
  var message: String
  var description: String { "sqlite error \(code): \(message)" }
}

/// One connection to a SQLite database: the few calls the index needs, with prepared statements
/// kept for reuse.
///
/// Opened in serialized mode (`SQLITE_OPEN_FULLMUTEX`), so SQLite itself makes the connection
/// safe to use from any thread.
///
/// `@unchecked Sendable` because its statement cache is not locked: it is safe because a connection
/// belongs to one `IndexSession` at a time (the `ConnectionPool` hands an idle one to one session
/// and takes it back when that session ends), and a session is used by one thread.
final class SQLiteDatabase: @unchecked Sendable {  // safe: used by one session, on one thread, at a time
  let handle: OpaquePointer
  private var statements: [String: Statement] = [:]

  init(path: String) throws {
    var pointer: OpaquePointer?
    let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX
    let status = sqlite3_open_v2(path, &pointer, flags, nil)
    guard status == SQLITE_OK, let pointer else {
      let message = pointer.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
      if let pointer { sqlite3_close_v2(pointer) }
      throw SQLiteError(code: status, message: message)
    }
    handle = pointer
    sqlite3_busy_timeout(handle, 10_000)
  }

  deinit {
    for statement in statements.values { statement.finalize() }
    sqlite3_close_v2(handle)
  }

  /// Runs one or more statements that return no rows.
  func execute(_ sql: String) throws {
    let status = sqlite3_exec(handle, sql, nil, nil, nil)
    guard status == SQLITE_OK else { throw error(status) }
  }

  /// A prepared statement for `sql`, reset and ready to bind; prepared once per connection.
  func statement(_ sql: String) throws -> Statement {
    if let cached = statements[sql] {
      cached.reset()
      return cached
    }
    var pointer: OpaquePointer?
    let status = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &pointer, nil)
    guard status == SQLITE_OK, let pointer else { throw error(status) }
    let statement = Statement(pointer, database: self)
    statements[sql] = statement
    return statement
  }

  /// Runs `body` in one transaction: committed if it returns, rolled back if it throws.
  func transaction<T>(_ body: () throws -> T) throws -> T {
    try execute("BEGIN IMMEDIATE")
    do {
      let result = try body()
      try execute("COMMIT")
      return result
    } catch {
      try? execute("ROLLBACK")
      throw error
    }
  }

  func error(_ status: Int32) -> SQLiteError {
    SQLiteError(code: status, message: String(cString: sqlite3_errmsg(handle)))
  }
}

/// A prepared statement. Bind with 1-based indexes, step, read columns with 0-based indexes.
final class Statement {
  let pointer: OpaquePointer
  unowned let database: SQLiteDatabase

  init(_ pointer: OpaquePointer, database: SQLiteDatabase) {
    self.pointer = pointer
    self.database = database
  }

  func finalize() { sqlite3_finalize(pointer) }

  func reset() {
    sqlite3_reset(pointer)
    sqlite3_clear_bindings(pointer)
  }

  /// Binds values in order, starting at parameter 1.
  @discardableResult
  func bind(_ values: SQLValue...) -> Statement {
    for (offset, value) in values.enumerated() { bind(value, at: Int32(offset + 1)) }
    return self
  }

  func bind(_ value: SQLValue, at index: Int32) {
    switch value {
    case .null: sqlite3_bind_null(pointer, index)
    case .int(let number): sqlite3_bind_int64(pointer, index, number)
    case .text(let text):
      sqlite3_bind_text(pointer, index, text, -1, Self.transient)
    case .blob(let bytes):
      bytes.withUnsafeBytes { buffer in
        _ = sqlite3_bind_blob(pointer, index, buffer.baseAddress, Int32(buffer.count), Self.transient)
      }
    }
  }

  /// Advances to the next row; false when there are no more.
  func step() throws -> Bool {
    let status = sqlite3_step(pointer)
    if status == SQLITE_ROW { return true }
    if status == SQLITE_DONE {
      sqlite3_reset(pointer)  // ends the statement's read transaction
      return false
    }
    throw database.error(status)
  }

  /// Runs a statement that returns no rows.
  func run() throws {
    while try step() {}
  }

  func int(_ column: Int32) -> Int64 { sqlite3_column_int64(pointer, column) }

  func isNull(_ column: Int32) -> Bool { sqlite3_column_type(pointer, column) == SQLITE_NULL }

  func text(_ column: Int32) -> String? {
    guard let bytes = sqlite3_column_text(pointer, column) else { return nil }
    let count = Int(sqlite3_column_bytes(pointer, column))
    return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
  }

  /// Appends a blob column's bytes to `buffer` without an intermediate copy.
  func appendBlob(_ column: Int32, to buffer: inout [UInt8]) {
    let count = Int(sqlite3_column_bytes(pointer, column))
    guard count > 0, let bytes = sqlite3_column_blob(pointer, column) else { return }
    buffer.append(contentsOf: UnsafeRawBufferPointer(start: bytes, count: count))
  }

  func blob(_ column: Int32) -> [UInt8] {
    var bytes: [UInt8] = []
    appendBlob(column, to: &bytes)
    return bytes
  }

  /// SQLite's "copy the value now" destructor.
  static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}

/// A value bound to a statement parameter.
enum SQLValue {
  case null
  case int(Int64)
  case text(String)
  case blob([UInt8])
}

import CLibPQ
import JitSystem

/// Statements a connection runs again and again (a long-lived client's claims: the MCP server,
/// the dispatcher) are prepared, so that the server parses and plans each once per connection. The
/// first run of a text is an unnamed statement, as `query` runs it, so that a command that runs it
/// once (a `jit` process) pays no extra round trip; the second run prepares it under a name.
extension PostgresConnection {
  func repeated(_ sql: String, _ parameters: [String?]) throws -> [[String?]] {
    guard let known = preparedNames[sql] else {
      let rows = try query(sql, parameters)
      preparedNames[sql] = ""
      return rows
    }
    var name = known
    if name.isEmpty {
      name = "jit_\(preparedNames.values.filter { !$0.isEmpty }.count + 1)"
      guard let result = PQprepare(handle, name, sql, Int32(parameters.count), nil) else {
        throw failure(nil)
      }
      defer { PQclear(result) }
      guard PQresultStatus(result) == PGRES_COMMAND_OK else { throw failure(result) }
      preparedNames[sql] = name
    }
    let copies: [UnsafeMutablePointer<CChar>?] = parameters.map { $0.flatMap { strdup($0) } }
    defer { for copy in copies { free(copy) } }
    let pointers = copies.map { UnsafePointer($0) }
    let result = pointers.withUnsafeBufferPointer { buffer in
      PQexecPrepared(handle, name, Int32(parameters.count), buffer.baseAddress, nil, nil, 0)
    }
    guard let result else { throw failure(nil) }
    defer { PQclear(result) }
    let status = PQresultStatus(result)
    guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else { throw failure(result) }
    var rows: [[String?]] = []
    try Self.rows(result) { rows.append($0) }
    return rows
  }
}

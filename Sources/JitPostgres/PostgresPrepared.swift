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
      PQclear(try checked(PQprepare(handle, name, sql, Int32(parameters.count), nil)))
      preparedNames[sql] = name
    }
    return try Self.collect(
      try checked(
        Self.withParameters(parameters) {
          PQexecPrepared(handle, name, Int32(parameters.count), $0, nil, nil, 0)
        }))
  }
}

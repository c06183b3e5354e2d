import JitCore

/// Applies a write session's unit inside its transaction: the registry, the issues (their rows,
/// derived columns and edges), the events, the leases. The store's `COMMIT` keeps all of it.
struct PostgresWriter {
  let connection: PostgresConnection
  let session: PostgresSession

  init(_ connection: PostgresConnection, session: PostgresSession) {
    self.connection = connection
    self.session = session
  }

  func apply(_ unit: StagedUnit) throws {
    if let gates = unit.gates {
      try connection.run(
        "INSERT INTO jit_registry (one, body) VALUES (1, $1) ON CONFLICT (one) DO UPDATE SET body = EXCLUDED.body",
        [try PostgresSchema.registryBody(gates)])
    }
    for issue in unit.savedIssues { try save(issue) }
    for id in unit.removed.sorted() where unit.saved[id] == nil {
      try connection.run("DELETE FROM jit_deps WHERE issue = $1", [id.rawValue])
      try connection.run("DELETE FROM jit_gates WHERE issue = $1", [id.rawValue])
      try connection.run("DELETE FROM jit_issues WHERE id = $1", [id.rawValue])
    }
    if !unit.events.isEmpty {
      for event in unit.events {
        var line = try FileEventLog.lines([event])
        line.removeLast()  // the newline
        try connection.run(
          "INSERT INTO jit_events (line) VALUES ($1)", [String(decoding: line, as: UTF8.self)])
      }
      try connection.run("NOTIFY jit_events")
    }
    for id in unit.leases.keys.sorted() {
      if let lease = unit.leases[id] ?? nil {
        try connection.run(
          "INSERT INTO jit_leases (id, body) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET body = EXCLUDED.body",
          [id.rawValue, String(decoding: try JSONCoding.encodeFile(lease), as: UTF8.self)])
      } else {
        try connection.run("DELETE FROM jit_leases WHERE id = $1", [id.rawValue])
      }
    }
  }

  /// The row's columns, in the order of `names` (schema 2's `title` and `view` included, so that
  /// every statement that writes a row keeps them: the upsert, a claim, an import).
  static func columns(_ issue: Issue, body: String? = nil) throws -> [String?] {
    [
      issue.id.rawValue, issue.state.rawValue, String(issue.priority.rank),
      String(issue.createdAt.millisecondsSince1970), issue.assignee?.description,
      issue.isClaimable ? "t" : "f", issue.gatesRequired.isEmpty ? "f" : "t", issue.hold == nil ? "f" : "t",
      try body ?? String(decoding: JSONCoding.encodeFile(issue), as: UTF8.self), issue.title,
      try PostgresMigration.view(issue),
    ]
  }

  static let names =
    "id, state, priority, created_at, assignee, claimable, has_gates, held, body, title, view"

  static let assignments = """
    state = $2, priority = $3, created_at = $4, assignee = $5, claimable = $6, has_gates = $7, held = $8,
    body = $9, title = $10, view = $11
    """

  private func save(_ issue: Issue) throws {
    let columns = try Self.columns(issue)
    if session.loadedClaimable[issue.id] == true && issue.assignee != nil {
      // A claim: only of a row that is still ready and held by nobody.
      let claimed = try connection.query(
        "UPDATE jit_issues SET \(Self.assignments) WHERE id = $1 AND assignee IS NULL AND state = 'ready' "
          + "RETURNING id", columns)
      guard !claimed.isEmpty else {
        throw JitError(
          .alreadyAssigned, "\(issue.id.short) was claimed by someone else at the same moment; claim another",
          details: ["id": .string(issue.id.rawValue)])
      }
    } else {
      try upsert(columns)
    }
    try saveEdges(issue)
  }

  /// An issue as a file held it (`jit store import`): its bytes kept as they are.
  func insert(_ issue: Issue, body: String) throws {
    try upsert(try Self.columns(issue, body: body))
    try saveEdges(issue)
  }

  private func upsert(_ columns: [String?]) throws {
    try connection.run(
      """
      INSERT INTO jit_issues (\(Self.names))
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
      ON CONFLICT (id) DO UPDATE SET \(Self.assignments)
      """, columns)
  }

  private func saveEdges(_ issue: Issue) throws {
    try saveGateRows(issue)  // schema 2's gate rows (PostgresMigration.swift)
    try connection.run("DELETE FROM jit_deps WHERE issue = $1", [issue.id.rawValue])
    for (ord, dependency) in issue.dependencies.enumerated() {
      try connection.run(
        "INSERT INTO jit_deps (issue, ord, dep) VALUES ($1, $2, $3)",
        [issue.id.rawValue, String(ord), dependency.rawValue])
    }
  }
}

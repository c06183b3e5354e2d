import JitCore

/// Schema version 2: what the read hooks need so that no query, count or graph view reads and
/// decodes every body (docs/postgresql.md).
///
/// - `jit_issues.title` and `jit_issues.view` (the issue as `IssueJSON.element` renders it, the
///   element of a `--json` array): a query's rows stream from the table without decoding a body.
/// - `jit_gates`: one row per required gate (`issue`, `ord`, `key`, `status`), so that whether an
///   issue is blocked is one set-wise query.
///
/// Both are derived from `body` at each write. A row whose `view` is NULL (one that did not parse
/// when it was back-filled) is read from its body instead, so it is never answered wrongly.
enum PostgresMigration {
  /// Idempotent (`IF NOT EXISTS`), so a database whose version was set back by hand migrates again.
  static let toVersion2 = """
    ALTER TABLE jit_issues ADD COLUMN IF NOT EXISTS title text, ADD COLUMN IF NOT EXISTS view text;
    CREATE TABLE IF NOT EXISTS jit_gates (
      issue text COLLATE "C" NOT NULL,
      ord integer NOT NULL,
      key text NOT NULL,
      status text NOT NULL,
      PRIMARY KEY (issue, ord));
    CREATE INDEX IF NOT EXISTS jit_gates_unpassed ON jit_gates (issue) WHERE status <> 'passed';
    CREATE INDEX IF NOT EXISTS jit_issues_order ON jit_issues (priority DESC, created_at, id);
    """

  /// Schema version 3: `jit_meta.states_checked`, whether every stored derived state is known to
  /// agree with its dependencies, gates and hold (`PostgresStates`), so that a write need not look
  /// at every issue to find the stale ones. False until a write has made the check.
  static let toVersion3 = """
    ALTER TABLE jit_meta ADD COLUMN IF NOT EXISTS states_checked boolean NOT NULL DEFAULT false;
    """

  /// After the migration to `version`'s statements: fills what they added from the rows' bodies.
  static func backFill(_ connection: PostgresConnection, to version: Int) throws {
    guard version == 2 else { return }
    var issues: [Issue] = []
    try connection.query("SELECT id, body FROM jit_issues WHERE view IS NULL ORDER BY id", []) { row in
      guard let id = row[0].flatMap(IssueID.init), let body = row[1] else { return }
      // A body that does not parse keeps a NULL view: reads decode it (and report it) as before.
      if let issue = try? FileSession.decode(Array(body.utf8), id: id, path: PostgresSession.path(id)) {
        issues.append(issue)
      }
    }
    for chunk in stride(from: 0, to: issues.count, by: 500) {
      let part = issues[chunk..<min(issues.count, chunk + 500)]
      var values: [String?] = []
      for issue in part { values += [issue.id.rawValue, issue.title, try view(issue)] }
      try connection.run(
        "UPDATE jit_issues AS i SET title = v.title, view = v.view FROM (VALUES "
          + BulkInsert.placeholders(rows: part.count, columns: 3)
          + ") AS v(id, title, view) WHERE i.id = v.id", values)
    }
    try BulkInsert(connection, "jit_gates (issue, ord, key, status)", columns: 4).insert(
      issues.flatMap(gateRows))
  }

  /// The issue as an element of a query's `--json` array.
  static func view(_ issue: Issue) throws -> String {
    String(decoding: try IssueJSON.element(issue), as: UTF8.self)
  }

  /// The issue's `jit_gates` rows.
  static func gateRows(_ issue: Issue) -> [[String?]] {
    issue.gatesRequired.enumerated().map { ord, key in
      [issue.id.rawValue, String(ord), key, issue.gateStatus(key).status.rawValue]
    }
  }
}

extension PostgresWriter {
  /// Keeps schema version 2's gate rows in step with an issue just written (its `title` and
  /// `view` are columns of the row itself: `PostgresWriter.columns`). One round trip, a second
  /// only for an issue that requires gates.
  func saveGateRows(_ issue: Issue) throws {
    try connection.run("DELETE FROM jit_gates WHERE issue = $1", [issue.id.rawValue])
    try BulkInsert(connection, "jit_gates (issue, ord, key, status)", columns: 4).insert(
      PostgresMigration.gateRows(issue))
  }
}

/// Many rows in few statements: multi-row `INSERT ... VALUES`, as many rows a statement as fit
/// under PostgreSQL's 65,535 parameters.
struct BulkInsert {
  let connection: PostgresConnection
  let table: String
  let columns: Int

  init(_ connection: PostgresConnection, _ table: String, columns: Int) {
    self.connection = connection
    self.table = table
    self.columns = columns
  }

  var rowsPerStatement: Int { min(1_000, 65_535 / columns) }

  func insert(_ rows: [[String?]]) throws {
    for start in stride(from: 0, to: rows.count, by: rowsPerStatement) {
      let part = rows[start..<min(rows.count, start + rowsPerStatement)]
      try connection.run(
        "INSERT INTO \(table) VALUES " + Self.placeholders(rows: part.count, columns: columns),
        part.flatMap { $0 })
    }
  }

  /// `($1, $2), ($3, $4)` for two rows of two columns.
  static func placeholders(rows: Int, columns: Int) -> String {
    (0..<rows).map { row in
      "(" + (1...columns).map { "$\(row * columns + $0)" }.joined(separator: ", ") + ")"
    }.joined(separator: ", ")
  }
}

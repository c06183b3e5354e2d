import JitCore

/// Stale derived states on PostgreSQL: `backlog`/`ready` rows that contradict their dependencies,
/// precheck gates or hold (`ReadinessEvaluator.hasStaleDerivedState`), which every write finds and
/// derives again, as the file store does after a merge.
///
/// Looking at every issue on every write costs a scan of the table (250 ms at 100,000 issues), so
/// the database remembers whether its states are known to be right (`jit_meta.states_checked`,
/// schema version 3). A derived state depends only on its own row, its dependencies' rows and the
/// registry, so after each write unit only the rows it touched and their dependents can have become
/// stale: those are checked, in the same transaction, and the flag is kept only when they agree.
/// It is set when a write has looked at every issue (and corrected and checked what it found), and
/// cleared by an import (files from a merge may bring stale states), by a unit whose rows disagree
/// (a write that bypasses the tracker), and by the migration that adds it.
enum PostgresStates {
  /// The stale rows, in id order, among `among` (all when nil); `select` runs a statement with
  /// its parameters. What holds an issue back from `ready` (`ReadinessEvaluator`'s local
  /// blockers): a dependency not done or missing, a precheck gate of the registry not passed, a
  /// hold.
  static func stale(
    gates: GateRegistry, among ids: [IssueID]?, _ select: (String, [String?]) throws -> [[String?]]
  ) throws -> [IssueID] {
    if let ids, ids.isEmpty { return [] }
    let keys = PostgresSession.precheckKeys(gates)
    let only = { (column: String) in ids == nil ? "" : " AND \(column) = ANY($1::text[])" }
    let gateHolds =
      keys.isEmpty
      ? ""
      : "UNION SELECT g.issue FROM jit_gates g WHERE g.status <> 'passed' AND g.key IN "
        + "(\(keys.joined(separator: ", ")))\(only("g.issue"))"
    let sql = """
      WITH b AS (
        SELECT d.issue AS id FROM jit_deps d LEFT JOIN jit_issues x ON x.id = d.dep
          WHERE (x.id IS NULL OR x.state <> 'done')\(only("d.issue"))
        \(gateHolds)
        UNION SELECT id FROM jit_issues WHERE held\(only("id")))
      SELECT i.id FROM jit_issues i LEFT JOIN b ON b.id = i.id
      WHERE ((i.state = 'ready' AND b.id IS NOT NULL) OR (i.state = 'backlog' AND b.id IS NULL))\(only("i.id"))
      ORDER BY i.id
      """
    let parameters: [String?] = ids.map { ["{" + $0.map(\.rawValue).joined(separator: ",") + "}"] } ?? []
    return PostgresSession.ids(try select(sql, parameters))
  }

  /// After a write session applied `unit`: whether every state is known to be right now, stored
  /// in `jit_meta` when that changed. Known before (or looked for in full by this session, which
  /// corrected what it found), and no row the unit touched, nor any dependent of one, is stale.
  /// A unit that changed the registry is checked over every issue.
  static func record(_ connection: PostgresConnection, session: PostgresSession, unit: StagedUnit) throws {
    guard !unit.isEmpty else { return }
    var right = session.statesChecked || session.checkedStale != nil
    if right {
      let select = { (sql: String, parameters: [String?]) in try connection.query(sql, parameters) }
      if unit.gates != nil {
        right = try stale(gates: try session.gates(), among: nil, select).isEmpty
      } else {
        var touched = Set(unit.saved.keys).union(unit.removed).union(session.checkedStale ?? [])
        let list = "{" + touched.map(\.rawValue).sorted().joined(separator: ",") + "}"
        for row in try connection.query("SELECT issue FROM jit_deps WHERE dep = ANY($1::text[])", [list]) {
          if let id = row[0].flatMap(IssueID.init) { touched.insert(id) }
        }
        right = try stale(gates: try session.gates(), among: touched.sorted(), select).isEmpty
      }
    }
    guard right != session.statesChecked else { return }
    try connection.run("UPDATE jit_meta SET states_checked = $1", [right ? "true" : "false"])
  }
}

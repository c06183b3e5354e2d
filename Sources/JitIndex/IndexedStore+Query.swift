import JitCore

/// Queries and claim candidates answered from the index, with the same answers as
/// `QueryEvaluator` over the files.
extension IndexedStore {
  static let openStates = "('backlog', 'ready', 'in_progress', 'gated')"
  static let rowColumns = "id, title, state, priority, assignee, created_at, view"
  static let workOrder = "ORDER BY priority DESC, created_at, id"

  public func claimCandidates(_ filter: IssueFilter, limit: Int) throws -> [IssueID] {
    if let states = filter.states, !states.contains(.ready) { return [] }
    if let assignees = filter.assignees, !assignees.contains("none") { return [] }
    var sql = "SELECT id FROM issues WHERE state = 'ready' AND assignee IS NULL"
    if let priorities = filter.priorities {
      sql += " AND priority IN (" + priorities.map { String($0.rank) }.sorted().joined(separator: ", ") + ")"
    }
    sql += " \(Self.workOrder) LIMIT ?"
    return try indexed { database in
      try failOnBrokenFiles(database)
      let statement = try database.statement(sql)
      statement.bind(.int(Int64(limit)))
      var ids: [IssueID] = []
      while try statement.step() { if let id = statement.text(0).flatMap(IssueID.init) { ids.append(id) } }
      return ids
    }
      ?? files.loadAll()
      .filter { $0.state == .ready && $0.assignee == nil && filter.matches($0) }
      .sorted(by: Tracker.workOrder).prefix(limit).map(\.id)
  }

  public func query(_ query: IssueQuery, gates: GateRegistry) throws -> [QueryRow] {
    try indexed { database in
      try failOnBrokenFiles(database)
      switch query {
      case .ready:
        return try rows(database, "state = 'ready' AND assignee IS NULL", [])
      case .blocked:
        return try blockedRows(database, gates: gates)
      case .assignee(let actor):
        return try rows(database, "assignee = ?", [.text(actor.description)])
      case .states(let states):
        let list = states.map { "'\($0.rawValue)'" }.sorted().joined(separator: ", ")
        return try rows(database, "state IN (\(list))", [])
      case .priority(let priority):
        return try rows(database, "priority = ?", [.int(Int64(priority.rank))])
      }
    } ?? QueryEvaluator.evaluate(query, over: files.loadAll(), gates: gates)
  }

  private func rows(_ database: SQLiteDatabase, _ condition: String, _ values: [SQLValue]) throws
    -> [QueryRow]
  {
    let statement = try database.statement(
      "SELECT \(Self.rowColumns) FROM issues WHERE broken = 0 AND \(condition) \(Self.workOrder)")
    for (index, value) in values.enumerated() { statement.bind(value, at: Int32(index + 1)) }
    var rows: [QueryRow] = []
    while try statement.step() {
      if let row = Self.row(statement) { rows.append(row) }
    }
    return rows
  }

  static func row(_ statement: Statement, reasons: BlockingReasons? = nil) -> QueryRow? {
    guard let id = statement.text(0).flatMap(IssueID.init), let title = statement.text(1),
      let state = statement.text(2).flatMap(IssueState.init(rawValue:))
    else { return nil }
    let rank = Int(statement.int(3))
    let priority = Priority.allCases.indices.contains(rank) ? Priority.allCases[rank] : .normal
    return QueryRow(
      id: id, title: title, state: state, priority: priority, assignee: statement.text(4),
      createdAt: Timestamp(millisecondsSince1970: statement.int(5)), json: statement.blob(6), reasons: reasons
    )
  }

  /// Open issues with a dependency not done or a gate that holds them (see `BlockedQuery`).
  private func blockedRows(_ database: SQLiteDatabase, gates: GateRegistry) throws -> [QueryRow] {
    var dependencyBlockers: [String: [DependencyBlocker]] = [:]
    let edges = try database.statement(
      "SELECT issue, dep, dep_state, dep_title FROM deps INDEXED BY deps_not_done WHERE dep_done = 0")
    while try edges.step() {
      guard let issue = edges.text(0), let dependency = edges.text(1).flatMap(IssueID.init) else { continue }
      dependencyBlockers[issue, default: []].append(
        DependencyBlocker(id: dependency, title: edges.text(3), state: edges.text(2) ?? "missing"))
    }
    var gateStatuses: [String: [(key: String, status: GateState)]] = [:]
    let unpassed = try database.statement(
      "SELECT issue, key, status FROM gates WHERE status <> 'passed' ORDER BY issue, ord")
    while try unpassed.step() {
      guard let issue = unpassed.text(0), let key = unpassed.text(1),
        let status = unpassed.text(2).flatMap(GateState.init(rawValue:))
      else { continue }
      gateStatuses[issue, default: []].append((key, status))
    }
    // The open issues in work order, from the index alone; then the rows of the blocked ones.
    let open = try database.statement(
      "SELECT rowid, id, state FROM issues INDEXED BY issues_order WHERE state IN \(Self.openStates) "
        + Self.workOrder)
    let fetch = try database.statement("SELECT \(Self.rowColumns) FROM issues WHERE rowid = ?")
    var rows: [QueryRow] = []
    while try open.step() {
      guard let id = open.text(1), let state = open.text(2).flatMap(IssueState.init(rawValue:)) else {
        continue
      }
      var reasons = BlockingReasons(dependencies: dependencyBlockers[id] ?? [])
      for gate in gateStatuses[id] ?? [] {
        if let blocker = BlockedQuery.gateBlocker(
          key: gate.key, status: gate.status, issueState: state, gates: gates)
        {
          reasons.gates.append(blocker)
        }
      }
      if reasons.isEmpty { continue }
      fetch.reset()
      fetch.bind(.int(open.int(0)))
      if try fetch.step(), let row = Self.row(fetch, reasons: reasons) { rows.append(row) }
    }
    fetch.reset()
    return rows
  }
}

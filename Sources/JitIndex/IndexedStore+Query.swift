import JitCore

/// Queries and claim candidates answered from the index, with the same answers as
/// `QueryEvaluator` over the files.
extension IndexSession {
  static let openStates = "('backlog', 'ready', 'in_progress', 'gated')"
  static let rowColumns = "id, title, state, priority, assignee, created_at, view"
  /// The SQL form of `WorkOrderKey` (tested against it on generated repositories).
  static let workOrder = "ORDER BY priority DESC, created_at, id"
  /// The SQL form of `ReadinessEvaluator.isReadyToClaim` (tested against it on generated
  /// repositories): a file that says ready but is blocked (after a merge) is not claimable.
  static let claimable = "state = 'ready' AND assignee IS NULL AND blocked = 0"

  public func claimCandidates(_ filter: IssueFilter, limit: Int) throws -> [IssueID] {
    if let states = filter.states, !states.contains(.ready) { return [] }
    if let assignees = filter.assignees, !assignees.contains("none") { return [] }
    var sql = "SELECT id FROM issues WHERE broken = 0 AND \(Self.claimable)"
    if let priorities = filter.priorities {
      sql += " AND priority IN (" + priorities.map { String($0.rank) }.sorted().joined(separator: ", ") + ")"
    }
    sql += " \(Self.workOrder) LIMIT ?"
    let gates = try self.gates()
    return try indexed { database in
      try skipBrokenFiles(database)
      try ensureBlockedFingerprint(database, gates: gates)  // `claimable` reads `blocked`
      let statement = try database.statement(sql)
      statement.bind(.int(Int64(limit)))
      var ids: [IssueID] = []
      while try statement.step() { if let id = statement.text(0).flatMap(IssueID.init) { ids.append(id) } }
      return ids
    }
      ?? files.claimCandidates(filter, limit: limit)
  }

  /// Derived states the files contradict: `ready` but blocked, or `backlog` with nothing blocking
  /// it (two lookups in the covering index `issues_status`).
  public func staleDerivedStates() throws -> [IssueID] {
    let gates = try self.gates()
    return try indexed { database in
      try skipBrokenFiles(database)
      try ensureBlockedFingerprint(database, gates: gates)
      // Two seeks (an OR of both would scan the whole index on every write).
      var ids: [IssueID] = []
      for (state, blocked) in [("ready", 1), ("backlog", 0)] {
        let statement = try database.statement(
          "SELECT id FROM issues INDEXED BY issues_status WHERE broken = 0 AND state = '\(state)' "
            + "AND blocked = \(blocked)")
        defer { statement.reset() }
        while try statement.step() { if let id = statement.text(0).flatMap(IssueID.init) { ids.append(id) } }
      }
      return ids.sorted()
    } ?? files.staleDerivedStates()
  }

  public func query(_ query: IssueQuery, gates: GateRegistry) throws -> [QueryRow] {
    var rows: [QueryRow] = []
    try self.query(query, gates: gates) { rows.append($0) }
    return rows
  }

  public func query(_ query: IssueQuery, gates: GateRegistry, each body: (QueryRow) throws -> Void) throws {
    let answered: Bool? = try indexed { database in
      try skipBrokenFiles(database)
      switch query {
      case .ready:
        try ensureBlockedFingerprint(database, gates: gates)  // `claimable` reads `blocked`
        try rows(database, Self.claimable, [], each: body)
      case .blocked:
        try blockedRows(database, gates: gates, each: body)
      case .assignee(let actor):
        try rows(database, "assignee = ?", [.text(actor.description)], each: body)
      case .states(let states):
        let list = states.map { "'\($0.rawValue)'" }.sorted().joined(separator: ", ")
        try rows(database, "state IN (\(list))", [], each: body)
      case .priority(let priority):
        try rows(database, "priority = ?", [.int(Int64(priority.rank))], each: body)
      case .roots(let includeArchived):
        try rootRows(database, includeArchived: includeArchived, each: body)
      case .filter(let filter):
        let (condition, values) = Self.condition(filter)
        try rows(database, condition, values, each: body)
      }
      return true
    }
    if answered == nil {
      for row in try QueryEvaluator.evaluate(query, over: files.loadAll(), gates: gates) { try body(row) }
    }
  }

  /// The SQL form of `IssueFilter.matches`, tested against it on generated repositories.
  static func condition(_ filter: IssueFilter) -> (String, [SQLValue]) {
    var terms: [String] = ["1"]
    var values: [SQLValue] = []
    if let states = filter.states {
      terms.append("state IN (" + states.map { "'\($0.rawValue)'" }.sorted().joined(separator: ", ") + ")")
    }
    if let priorities = filter.priorities {
      terms.append(
        "priority IN (" + priorities.map { String($0.rank) }.sorted().joined(separator: ", ") + ")")
    }
    if let assignees = filter.assignees {
      var alternatives: [String] = []
      if assignees.contains("none") { alternatives.append("assignee IS NULL") }
      for name in assignees.sorted() where name != "none" {
        alternatives.append("assignee = ?")
        values.append(.text(name))
      }
      terms.append("(" + (alternatives.isEmpty ? "0" : alternatives.joined(separator: " OR ")) + ")")
    }
    return (terms.joined(separator: " AND "), values)
  }

  private func rows(
    _ database: SQLiteDatabase, _ condition: String, _ values: [SQLValue],
    each body: (QueryRow) throws -> Void
  ) throws {
    let statement = try database.statement(
      "SELECT \(Self.rowColumns) FROM issues WHERE broken = 0 AND \(condition) \(Self.workOrder)")
    defer { statement.reset() }
    for (index, value) in values.enumerated() { statement.bind(value, at: Int32(index + 1)) }
    while try statement.step() {
      if let row = Self.row(statement) { try body(row) }
    }
  }

  /// Issues with no dependency, from one partial index, with how many depend on each (kept in step
  /// on every write: `issues.has_deps`, `issues.dependents`).
  private func rootRows(
    _ database: SQLiteDatabase, includeArchived: Bool, each body: (QueryRow) throws -> Void
  ) throws {
    let statement = try database.statement(
      "SELECT \(Self.rowColumns), dependents FROM issues INDEXED BY issues_roots WHERE has_deps = 0 AND broken = 0"
        + (includeArchived ? "" : " AND state <> 'archived'") + " \(Self.workOrder)")
    defer { statement.reset() }
    while try statement.step() {
      guard var row = Self.row(statement) else { continue }
      row.dependentCount = Int(statement.int(7))
      try body(row)
    }
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

  /// Open issues with a dependency not done or a gate that holds them (see `BlockedQuery`): kept
  /// ready-made on every write, so the answer streams from one partial index.
  private func blockedRows(
    _ database: SQLiteDatabase, gates: GateRegistry, each body: (QueryRow) throws -> Void
  ) throws {
    try ensureBlockedFingerprint(database, gates: gates)
    let statement = try database.statement(
      "SELECT \(Self.rowColumns), reasons, reasons_text FROM issues INDEXED BY issues_blocked "
        + "WHERE blocked = 1 AND broken = 0 \(Self.workOrder)")
    defer { statement.reset() }
    while try statement.step() {
      guard var row = Self.row(statement) else { continue }
      row.blockedFields = statement.blob(7)
      row.sentence = statement.text(8)
      try body(row)
    }
  }
}

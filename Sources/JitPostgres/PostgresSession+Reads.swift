import JitCore

/// The read hooks of `jit status`, `query`, `issue list`, `graph roots`, `export` and `metrics`,
/// answered in SQL from schema version 2's columns (`title`, `view`, `jit_gates`: see
/// `PostgresMigration`), with the same answers as the defaults over every decoded body. Whether an
/// issue is blocked (`BlockedQuery`) is one set-wise query (`blockedIDs`); a `blocked` answer's
/// reasons are assembled from the edges and gate rows of the open issues.
extension PostgresSession {
  static let openStates = "('backlog', 'ready', 'in_progress', 'gated')"
  static let rowColumns = "i.id, i.title, i.state, i.priority, i.assignee, i.created_at, i.view"
  /// `WorkOrderKey` in SQL (ids are `COLLATE "C"`: byte order, as Swift compares them).
  static let workOrder = "ORDER BY i.priority DESC, i.created_at, i.id"

  /// The ids of the issues something holds back, as `ReadinessEvaluator.blockers` judges them
  /// for an open issue: a dependency not done (or missing), a gate not passed that is a precheck
  /// gate or belongs to a `gated` issue, a hold on a derived state. Callers keep the open ones.
  static func blockedIDs(_ gates: GateRegistry) -> String {
    let gateHolds = gateHolds(gates, issue: "gi")
    return """
      SELECT d.issue AS id FROM jit_deps d LEFT JOIN jit_issues x ON x.id = d.dep
        WHERE x.id IS NULL OR x.state <> 'done'
      UNION SELECT g.issue FROM jit_gates g JOIN jit_issues gi ON gi.id = g.issue
        WHERE g.status <> 'passed' AND \(gateHolds)
      UNION SELECT id FROM jit_issues WHERE held AND state IN ('backlog', 'ready')
      """
  }

  /// Whether a gate row `g` that has not passed holds its issue (`BlockedQuery.gateBlocker`): a
  /// precheck gate of the registry, or any gate of a `gated` issue.
  static func gateHolds(_ gates: GateRegistry, issue: String) -> String {
    let keys = precheckKeys(gates)
    guard !keys.isEmpty else { return "\(issue).state = 'gated'" }
    return "(\(issue).state = 'gated' OR g.key IN (\(keys.joined(separator: ", "))))"
  }

  /// The registry's precheck gate keys, sorted, each as a quoted SQL literal.
  static func precheckKeys(_ gates: GateRegistry) -> [String] {
    gates.gates.values.filter { $0.stage == .precheck }.map(\.key).sorted().map {
      "'" + String($0.flatMap { $0 == "'" ? ["'", "'"] : [$0] }) + "'"
    }
  }

  /// Hash joins over the whole table want more than the default 4 MB.
  func widenWorkMemory() throws {
    try reporting { try connection.run("SET LOCAL work_mem = '64MB'") }
  }

  func query(_ query: IssueQuery, gates: GateRegistry, each body: (QueryRow) throws -> Void) throws {
    switch query {
    case .ready:
      try widenWorkMemory()
      try rows(
        "WITH b AS (\(Self.blockedIDs(gates))) SELECT \(Self.rowColumns) FROM jit_issues i "
          + "LEFT JOIN b ON b.id = i.id WHERE i.claimable AND b.id IS NULL", [], each: body)
    case .blocked:
      try blockedRows(gates, each: body)
    case .assignee(let actor):
      try rows(
        "SELECT \(Self.rowColumns) FROM jit_issues i WHERE i.assignee = $1", [actor.description], each: body)
    case .states(let states):
      let list = (states.map { "'\($0.rawValue)'" }.sorted() + ["''"]).joined(separator: ", ")
      try rows("SELECT \(Self.rowColumns) FROM jit_issues i WHERE i.state IN (\(list))", [], each: body)
    case .priority(let priority):
      try rows(
        "SELECT \(Self.rowColumns) FROM jit_issues i WHERE i.priority = $1", [String(priority.rank)],
        each: body)
    case .roots(let includeArchived):
      try rows(
        "SELECT \(Self.rowColumns) FROM jit_issues i WHERE NOT EXISTS (SELECT 1 FROM jit_deps d WHERE d.issue = i.id)"
          + (includeArchived ? "" : " AND i.state <> 'archived'"), [], each: body)
    case .filter(let filter):
      let (condition, values) = Self.condition(filter)
      try rows("SELECT \(Self.rowColumns) FROM jit_issues i WHERE \(condition)", values, each: body)
    }
  }

  /// `IssueFilter.matches` in SQL.
  static func condition(_ filter: IssueFilter) -> (String, [String?]) {
    var terms = ["true"]
    var values: [String?] = []
    if let states = filter.states {
      terms.append(
        "i.state IN (" + (states.map { "'\($0.rawValue)'" }.sorted() + ["''"]).joined(separator: ", ") + ")")
    }
    if let priorities = filter.priorities {
      terms.append(
        "i.priority IN (" + (priorities.map { String($0.rank) }.sorted() + ["-1"]).joined(separator: ", ")
          + ")")
    }
    if let assignees = filter.assignees {
      var alternatives: [String] = []
      if assignees.contains("none") { alternatives.append("i.assignee IS NULL") }
      for name in assignees.sorted() where name != "none" {
        values.append(name)
        alternatives.append("i.assignee = $\(values.count)")
      }
      terms.append("(" + (alternatives.isEmpty ? "false" : alternatives.joined(separator: " OR ")) + ")")
    }
    return (terms.joined(separator: " AND "), values)
  }

  /// Streams the rows of `sql` (which selects `rowColumns` from `jit_issues i`) in work order.
  private func rows(_ sql: String, _ values: [String?], each body: (QueryRow) throws -> Void) throws {
    try forEachRow(sql + " " + Self.workOrder, values) { row, _ in try body(row) }
  }

  /// Each row of `sql` as a query row, with the raw columns (those after `rowColumns` too). A row
  /// without a view (see `PostgresMigration`) is rendered from its body.
  func forEachRow(_ sql: String, _ values: [String?], each body: (QueryRow, [String?]) throws -> Void) throws
  {
    // The whole result is in memory before the first row is handed on: `load` may run meanwhile.
    try reporting {
      try connection.query(sql, values) { columns in
        guard let id = columns[0].flatMap(IssueID.init) else { return }
        try body(try Self.row(columns) ?? QueryRow(try load(id)), columns)
      }
    }
  }

  static func row(_ columns: [String?]) -> QueryRow? {
    guard let id = columns[0].flatMap(IssueID.init), let title = columns[1],
      let state = columns[2].flatMap(IssueState.init(rawValue:)), let view = columns[6],
      let created = columns[5].flatMap({ Int64($0) })
    else { return nil }
    return QueryRow(
      id: id, title: title, state: state, priority: priority(columns[3]), assignee: columns[4],
      createdAt: Timestamp(millisecondsSince1970: created), json: Array(view.utf8))
  }

  static func priority(_ rank: String?) -> Priority {
    let rank = rank.flatMap { Int($0) } ?? -1
    return Priority.allCases.indices.contains(rank) ? Priority.allCases[rank] : .normal
  }

  /// Open issues something holds back, each with its reasons: the dependencies not done (with
  /// their state and title, `missing` when absent) in the order the issue lists them, the gates
  /// that hold it (`BlockedQuery.gateBlocker`), its hold.
  private func blockedRows(_ gates: GateRegistry, each body: (QueryRow) throws -> Void) throws {
    try widenWorkMemory()
    var dependencies: [String: [DependencyBlocker]] = [:]
    try reporting {
      try connection.query(
        "SELECT d.issue, d.dep, x.title, x.state FROM jit_deps d JOIN jit_issues i ON i.id = d.issue "
          + "LEFT JOIN jit_issues x ON x.id = d.dep WHERE i.state IN \(Self.openStates) "
          + "AND (x.id IS NULL OR x.state <> 'done') ORDER BY d.issue, d.ord", []
      ) { row in
        guard let issue = row[0], let dependency = row[1].flatMap(IssueID.init) else { return }
        dependencies[issue, default: []].append(
          DependencyBlocker(id: dependency, title: row[2], state: row[3] ?? "missing"))
      }
    }
    var gateBlockers: [String: [GateBlocker]] = [:]
    try reporting {
      try connection.query(
        "SELECT g.issue, g.key, g.status, i.state FROM jit_gates g JOIN jit_issues i ON i.id = g.issue "
          + "WHERE g.status <> 'passed' AND i.state IN \(Self.openStates) ORDER BY g.issue, g.ord", []
      ) { row in
        guard let issue = row[0], let key = row[1], let status = row[2].flatMap(GateState.init(rawValue:)),
          let state = row[3].flatMap(IssueState.init(rawValue:)),
          let blocker = BlockedQuery.gateBlocker(key: key, status: status, issueState: state, gates: gates)
        else { return }
        gateBlockers[issue, default: []].append(blocker)
      }
    }
    try forEachRow(
      "WITH b AS (\(Self.blockedIDs(gates))) SELECT \(Self.rowColumns), i.held FROM jit_issues i "
        + "JOIN b ON b.id = i.id WHERE i.state IN \(Self.openStates) \(Self.workOrder)", []
    ) { row, columns in
      var row = row
      let hold = columns[7] == "t" && row.state.isDerived ? try load(row.id).hold : nil
      let reasons = BlockingReasons(
        dependencies: dependencies[row.id.rawValue] ?? [], gates: gateBlockers[row.id.rawValue] ?? [],
        hold: hold)
      guard !reasons.isEmpty else { return }
      row.reasons = reasons
      try body(row)
    }
  }
}

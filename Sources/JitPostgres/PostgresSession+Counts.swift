import JitCore

/// `jit status`'s counts, the graph's nodes and dependent counts, and `jit metrics export`'s
/// gauges, in SQL (schema version 2), with the same answers as the defaults over every body.
extension PostgresSession {
  func statusSummary() throws -> StatusSummary {
    let gates = try self.gates()
    try widenWorkMemory()
    var byState = Dictionary(uniqueKeysWithValues: IssueState.allCases.map { ($0.rawValue, 0) })
    var total = 0
    var open = 0
    var blocked = 0
    var ready = 0
    try reporting {
      try connection.query(
        "WITH b AS (\(Self.blockedIDs(gates))) SELECT i.state, count(*), "
          + "count(*) FILTER (WHERE b.id IS NULL AND i.assignee IS NULL), count(b.id) "
          + "FROM jit_issues i LEFT JOIN b ON b.id = i.id GROUP BY i.state", []
      ) { row in
        guard let name = row[0], let state = IssueState(rawValue: name) else { return }
        let count = Int(row[1] ?? "") ?? 0
        byState[name, default: 0] += count
        total += count
        if state == .ready { ready += Int(row[2] ?? "") ?? 0 }
        if state.isOpen {
          open += count
          blocked += Int(row[3] ?? "") ?? 0
        }
      }
    }
    return StatusSummary(total: total, byState: byState, open: open, blocked: blocked, ready: ready)
  }

  func graphNodes() throws -> [GraphNode] {
    var dependencies: [String: [IssueID]] = [:]
    try reporting {
      try connection.query("SELECT issue, dep FROM jit_deps ORDER BY issue, ord", []) { row in
        guard let issue = row[0], let dependency = row[1].flatMap(IssueID.init) else { return }
        dependencies[issue, default: []].append(dependency)
      }
    }
    var nodes: [GraphNode] = []
    try reporting {
      try connection.query(
        "SELECT id, title, state, priority, created_at FROM jit_issues ORDER BY id", []
      ) { row in
        guard let name = row[0], let id = IssueID(name) else { return }
        guard let title = row[1], let state = row[2].flatMap(IssueState.init(rawValue:)),
          let created = row[4].flatMap({ Int64($0) })
        else {
          nodes.append(GraphNode(try load(id)))  // no title yet (see PostgresMigration)
          return
        }
        nodes.append(
          GraphNode(
            id: id, title: title, state: state, priority: Self.priority(row[3]),
            createdAt: Timestamp(millisecondsSince1970: created), dependencies: dependencies[name] ?? []))
      }
    }
    return nodes
  }

  func dependentCounts() throws -> [IssueID: Int] {
    var counts: [IssueID: Int] = [:]
    try reporting {
      try connection.query("SELECT dep, count(DISTINCT issue) FROM jit_deps GROUP BY dep", []) { row in
        if let id = row[0].flatMap(IssueID.init) { counts[id] = Int(row[1] ?? "") ?? 0 }
      }
    }
    return counts
  }

  func metricGauges(now: Timestamp) throws -> MetricGauges {
    let gates = try self.gates()
    try widenWorkMemory()
    var gauges = MetricGauges()
    let open = Self.openStates
    try reporting {
      try connection.query(
        "SELECT state, priority, assignee IS NULL, count(*) FROM jit_issues GROUP BY 1, 2, 3", []
      ) { row in
        guard let name = row[0], let state = IssueState(rawValue: name) else { return }
        let count = Int(row[3] ?? "") ?? 0
        gauges.issuesByState[name, default: 0] += count
        guard state.isOpen else { return }
        gauges.openByPriority[Self.priority(row[1]).rawValue, default: 0] += count
        if row[2] == "t" { gauges.unassigned += count }
      }
      let gateHolds = Self.gateHolds(gates, issue: "i")
      try connection.query(
        """
        WITH b AS (\(Self.blockedIDs(gates))),
          bi AS (SELECT i.* FROM jit_issues i JOIN b ON b.id = i.id WHERE i.state IN \(open))
        SELECT count(*),
          count(*) FILTER (WHERE EXISTS (SELECT 1 FROM jit_deps d LEFT JOIN jit_issues x ON x.id = d.dep
            WHERE d.issue = i.id AND (x.id IS NULL OR x.state <> 'done'))),
          count(*) FILTER (WHERE EXISTS (SELECT 1 FROM jit_gates g WHERE g.issue = i.id
            AND g.status <> 'passed' AND \(gateHolds))),
          count(*) FILTER (WHERE i.held AND i.state IN ('backlog', 'ready'))
        FROM bi i
        """, []
      ) { row in
        gauges.blocked = Int(row[0] ?? "") ?? 0
        gauges.blockedByDependency = Int(row[1] ?? "") ?? 0
        gauges.blockedByGate = Int(row[2] ?? "") ?? 0
        gauges.held = Int(row[3] ?? "") ?? 0
      }
      try connection.query(
        "WITH b AS (\(Self.blockedIDs(gates))) SELECT count(*), min(i.created_at) FROM jit_issues i "
          + "LEFT JOIN b ON b.id = i.id WHERE i.claimable AND b.id IS NULL", []
      ) { row in
        gauges.ready = Int(row[0] ?? "") ?? 0
        if gauges.ready > 0, let oldest = row[1].flatMap({ Int64($0) }) {
          gauges.oldestReadyAgeSeconds = max(0, Double(now.millisecondsSince1970 - oldest) / 1000)
        }
      }
      try connection.query(
        "SELECT g.status, count(*) FROM jit_gates g JOIN jit_issues i ON i.id = g.issue "
          + "WHERE i.state IN \(open) GROUP BY g.status", []
      ) { row in
        if let status = row[0] { gauges.openGatesByStatus[status, default: 0] += Int(row[1] ?? "") ?? 0 }
      }
    }
    return gauges
  }
}

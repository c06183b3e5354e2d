import JitCore

/// The gauges of `jit metrics export`, answered from the index with a handful of aggregate queries
/// over its small indexes (never the stored views), with the same answers as
/// `MetricGauges(_:gates:now:)` over the files.
extension IndexSession {
  func metricGauges(now: Timestamp) throws -> MetricGauges {
    let gates = try self.gates()
    return try indexed { database in
      try skipBrokenFiles(database)
      try ensureBlockedFingerprint(database, gates: gates)
      var gauges = MetricGauges()
      let open = "('backlog','ready','in_progress','gated')"
      // Every query reads `issues_metrics`, which covers the columns they need: no table rows (with
      // their stored views) are read. State, priority and assignment in one pass.
      let counts = try database.statement(
        "SELECT state, priority, assignee IS NULL, count(*) FROM issues INDEXED BY issues_metrics "
          + "WHERE broken = 0 GROUP BY state, priority, assignee IS NULL")
      defer { counts.reset() }
      while try counts.step() {
        guard let name = counts.text(0), let state = IssueState(rawValue: name) else { continue }
        let count = Int(counts.int(3))
        gauges.issuesByState[name, default: 0] += count
        guard state.isOpen else { continue }
        gauges.openByPriority[Self.priority(rank: counts.int(1)).rawValue, default: 0] += count
        if counts.int(2) != 0 { gauges.unassigned += count }
      }
      let ready = try database.statement(
        "SELECT count(*), min(created_at) FROM issues INDEXED BY issues_metrics "
          + "WHERE state = 'ready' AND blocked = 0 AND assignee IS NULL AND broken = 0")
      defer { ready.reset() }
      if try ready.step() {
        gauges.ready = Int(ready.int(0))
        if gauges.ready > 0 {
          gauges.oldestReadyAgeSeconds = max(0, Double(now.millisecondsSince1970 - ready.int(1)) / 1000)
        }
      }
      let precheck = gates.gates.values.filter { $0.stage == .precheck }.map(\.key).sorted()
      let keys = precheck.map { "'\($0)'" }.joined(separator: ",")  // keys are [a-z0-9._-]
      let blocked = try database.statement(
        "SELECT count(*), "
          + "sum(EXISTS (SELECT 1 FROM deps d WHERE d.issue = i.id AND d.dep_done = 0)), "
          + "sum(EXISTS (SELECT 1 FROM gates g WHERE g.issue = i.id AND g.status <> 'passed' "
          + "AND (i.state = 'gated' OR g.key IN (\(keys))))), "
          + "sum(i.hold IS NOT NULL AND i.state IN ('backlog','ready')) "
          + "FROM issues i INDEXED BY issues_metrics WHERE i.state IN \(open) AND i.blocked = 1 AND i.broken = 0"
      )
      defer { blocked.reset() }
      if try blocked.step() {
        gauges.blocked = Int(blocked.int(0))
        gauges.blockedByDependency = Int(blocked.int(1))
        gauges.blockedByGate = Int(blocked.int(2))
        gauges.held = Int(blocked.int(3))
      }
      // Gate results of open issues: the open issues from the index, their gate rows by primary key.
      let results = try database.statement(
        "SELECT g.status, count(*) FROM issues i INDEXED BY issues_metrics JOIN gates g ON g.issue = i.id "
          + "WHERE i.state IN \(open) AND i.broken = 0 GROUP BY g.status")
      defer { results.reset() }
      while try results.step() {
        if let status = results.text(0) {
          gauges.openGatesByStatus[status, default: 0] += Int(results.int(1))
        }
      }
      return gauges
    } ?? MetricGauges(files.loadAll(), gates: gates, now: now)
  }
}

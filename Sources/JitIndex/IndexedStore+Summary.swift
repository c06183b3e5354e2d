import JitCore

/// The counts of `jit status` and the graph's edges, answered from the index with the same answers
/// as the defaults over the files (`StatusSummary(_:gates:)`, `ReadSession.edges()`).
extension IndexSession {
  func statusSummary() throws -> StatusSummary {
    let gates = try self.gates()
    return try indexed { database in
      try failOnBrokenFiles(database)
      try ensureBlockedFingerprint(database, gates: gates)
      var byState = Dictionary(uniqueKeysWithValues: IssueState.allCases.map { ($0.rawValue, 0) })
      let counts = try database.statement(
        "SELECT state, count(*), sum(assignee IS NULL), sum(blocked) FROM issues WHERE broken = 0 GROUP BY state"
      )
      defer { counts.reset() }
      var total = 0
      var ready = 0
      var open = 0
      var blocked = 0
      while try counts.step() {
        guard let name = counts.text(0), let state = IssueState(rawValue: name) else { continue }
        let count = Int(counts.int(1))
        byState[name, default: 0] += count
        total += count
        if state == .ready { ready += Int(counts.int(2)) }
        if state.isOpen {
          open += count
          blocked += Int(counts.int(3))
        }
      }
      return StatusSummary(total: total, byState: byState, open: open, blocked: blocked, ready: ready)
    } ?? StatusSummary(files.loadAll(), gates: gates)
  }

  func edges() throws -> [DependencyEdge] {
    try indexed { database in
      try failOnBrokenFiles(database)
      let statement = try database.statement("SELECT issue, dep FROM deps ORDER BY issue, dep")
      defer { statement.reset() }
      var edges: [DependencyEdge] = []
      while try statement.step() {
        guard let issue = statement.text(0).flatMap(IssueID.init),
          let dependency = statement.text(1).flatMap(IssueID.init)
        else { continue }
        edges.append(DependencyEdge(issue: issue, dependency: dependency))
      }
      return edges
    } ?? files.edges()
  }
}

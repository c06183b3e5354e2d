import JitCore

/// The counts of `jit status` and the graph's edges, answered from the index with the same answers
/// as the defaults over the files (`StatusSummary(_:gates:)`, `ReadSession.edges()`).
extension IndexSession {
  func statusSummary() throws -> StatusSummary {
    let gates = try self.gates()
    return try indexed { database in
      try skipBrokenFiles(database)
      try ensureBlockedFingerprint(database, gates: gates)
      var byState = Dictionary(uniqueKeysWithValues: IssueState.allCases.map { ($0.rawValue, 0) })
      let counts = try database.statement(
        // A covering index: the counts read a small index, not every row's stored view.
        "SELECT state, count(*), sum(assignee IS NULL AND blocked = 0), sum(blocked) FROM issues "
          + "INDEXED BY issues_status "
          + "WHERE broken = 0 GROUP BY state"
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
      try skipBrokenFiles(database)
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

extension IndexSession {
  func graphNodes() throws -> [GraphNode] {
    try indexed { database in
      try skipBrokenFiles(database)
      // Every row is read but only its first columns are wanted: in a large index, reading through
      // the small page cache rather than the memory map keeps the views' pages out of this
      // process's memory (at 100,000 issues, 268 MB -> 128 MB). A small one is read faster mapped.
      let large = try readMeta(database).count > 20_000
      if large { try database.execute("PRAGMA mmap_size=0") }
      defer { if large { try? database.execute("PRAGMA mmap_size=\(IndexSession.mmapSize)") } }
      // Both in issue id order: the edges are merged into the nodes as they stream, with no table
      // of all of them in between.
      let edges = try database.statement("SELECT issue, dep FROM deps ORDER BY issue, ord")
      defer { edges.reset() }
      var edge: (issue: String, dependency: String)? = nil
      func nextEdge() throws {
        edge = try edges.step() ? (edges.text(0) ?? "", edges.text(1) ?? "") : nil
      }
      try nextEdge()
      let statement = try database.statement(
        "SELECT id, title, state, priority, created_at FROM issues WHERE broken = 0 ORDER BY id")
      defer { statement.reset() }
      var nodes: [GraphNode] = []
      while try statement.step() {
        guard let name = statement.text(0), let id = IssueID(name), let title = statement.text(1),
          let state = statement.text(2).flatMap(IssueState.init(rawValue:))
        else { continue }
        while let current = edge, current.issue != name, current.issue < name { try nextEdge() }
        var dependencies: [IssueID] = []
        while let current = edge, current.issue == name {
          if let dependency = IssueID(current.dependency) { dependencies.append(dependency) }
          try nextEdge()
        }
        nodes.append(
          GraphNode(
            id: id, title: title, state: state, priority: Self.priority(rank: statement.int(3)),
            createdAt: Timestamp(millisecondsSince1970: statement.int(4)), dependencies: dependencies))
      }
      return nodes
    } ?? files.graphNodes()
  }

  func dependentCounts() throws -> [IssueID: Int] {
    try indexed { database in
      try skipBrokenFiles(database)
      let statement = try database.statement("SELECT dep, count(DISTINCT issue) FROM deps GROUP BY dep")
      defer { statement.reset() }
      var counts: [IssueID: Int] = [:]
      while try statement.step() {
        if let id = statement.text(0).flatMap(IssueID.init) { counts[id] = Int(statement.int(1)) }
      }
      return counts
    } ?? files.dependentCounts()
  }

  static func priority(rank: Int64) -> Priority {
    Priority.allCases.indices.contains(Int(rank)) ? Priority.allCases[Int(rank)] : .normal
  }
}

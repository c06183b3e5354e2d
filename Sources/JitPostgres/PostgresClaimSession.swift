import JitCore

/// The reads of a claim session (`PostgresStore.claimWrite`): those of `PostgresSession`, with
/// fewer round trips. The registry comes with the transaction's first statement, claim candidates
/// come with their bodies, and each issue read is kept for the rest of the session (the row of a
/// candidate is locked; the others only change under the exclusive write lock, which no claim
/// session runs beside). It also keeps the dependencies each issue had when read, which a claim
/// must leave as they are.
///
/// Used by one closure on one thread (not `Sendable`).
final class PostgresClaimSession: ReadSession {
  let base: PostgresSession
  private let registryBody: String?
  private var registry: GateRegistry?
  private var issues: [IssueID: Issue] = [:]
  private(set) var loadedDependencies: [IssueID: [IssueID]] = [:]

  init(_ base: PostgresSession, registry: String?) {
    self.base = base
    self.registryBody = registry
  }

  private func keep(_ issue: Issue) -> Issue {
    issues[issue.id] = issue
    loadedDependencies[issue.id] = issue.dependencies
    return issue
  }

  func load(_ id: IssueID) throws -> Issue {
    if let issue = issues[id] { return issue }
    return keep(try base.load(id))
  }

  func contains(_ id: IssueID) throws -> Bool { issues[id] != nil ? true : try base.contains(id) }

  func gates() throws -> GateRegistry {
    if let registry { return registry }
    let parsed =
      try registryBody.map {
        try JSONCoding.decodeFile(GateRegistry.self, Array($0.utf8), path: "postgresql:jit_registry")
      } ?? GateRegistry()
    registry = parsed
    return parsed
  }

  /// As `PostgresSession.claimCandidates`, in one statement a page, the bodies with the ids.
  func claimCandidates(_ filter: IssueFilter, limit: Int) throws -> [IssueID] {
    if let states = filter.states, !states.contains(.ready) { return [] }
    if let assignees = filter.assignees, !assignees.contains("none") { return [] }
    let evaluator = ReadinessEvaluator(gates: try gates()) { try self.find($0) }
    var rest = filter
    rest.priorities = nil  // the SQL applies them
    let unfiltered = rest == IssueFilter()
    var found: [IssueID] = []
    var offset = 0
    let page = max(limit, 16)
    while found.count < limit {
      var sql =
        "SELECT i.id, i.has_gates, i.body FROM jit_issues i WHERE i.claimable AND NOT \(PostgresSession.dependencyBlocked)"
      if let priorities = filter.priorities {
        sql +=
          " AND i.priority IN (" + priorities.map { String($0.rank) }.sorted().joined(separator: ", ") + ")"
      }
      sql += " ORDER BY i.priority DESC, i.created_at, i.id LIMIT \(page) OFFSET \(offset)"
      sql += " FOR UPDATE OF i SKIP LOCKED"
      let rows = try base.select(sql)
      for row in rows where found.count < limit {
        guard let id = row[0].flatMap(IssueID.init), let body = row[2] else { continue }
        let issue = try issues[id] ?? keep(base.decode(body, id: id))
        // Claimable, no dependency not done, no gates, no filter: nothing else can hold it back.
        let ready =
          try (row[1] == "f" && unfiltered) || (filter.matches(issue) && evaluator.isReadyToClaim(issue))
        guard ready
        else { continue }
        found.append(id)
      }
      guard rows.count == page else { break }
      offset += page
    }
    return found
  }

  // The rest as the plain session reads them.

  func allIDs() throws -> [IssueID] { try base.allIDs() }
  func loadAll() throws -> [Issue] { try base.loadAll() }
  func events() throws -> EventLogContents { try base.events() }
  func lease(_ id: IssueID) throws -> Lease? { try base.lease(id) }
  func leases() throws -> [Lease] { try base.leases() }
  var skippedFiles: SkippedFileLog { base.skippedFiles }
  func ids(endingWith suffix: String) throws -> [IssueID] { try base.ids(endingWith: suffix) }
  func dependencies(of id: IssueID) throws -> [IssueID] { try base.dependencies(of: id) }
  func dependents(of id: IssueID) throws -> [IssueID] { try base.dependents(of: id) }
  func issues(requiring key: String) throws -> [IssueID] { try base.issues(requiring: key) }
  var indexesEdges: Bool { base.indexesEdges }
  /// As `PostgresSession.staleDerivedStates`, without reading the registry when there are none.
  func staleDerivedStates() throws -> [IssueID] {
    let sql = """
      SELECT i.id FROM jit_issues i
      WHERE (i.state = 'ready' AND (i.has_gates OR i.held OR \(PostgresSession.dependencyBlocked)))
         OR (i.state = 'backlog' AND NOT \(PostgresSession.dependencyBlocked))
      ORDER BY i.id
      """
    let ids = PostgresSession.ids(try base.select(sql))
    guard !ids.isEmpty else { return [] }
    let evaluator = ReadinessEvaluator(gates: try gates()) { try self.find($0) }
    return try ids.filter { id in
      guard let issue = try find(id) else { return false }
      return try evaluator.hasStaleDerivedState(issue)
    }
  }
  func query(_ query: IssueQuery, gates: GateRegistry, each body: (QueryRow) throws -> Void) throws {
    try base.query(query, gates: gates, each: body)
  }
  func statusSummary() throws -> StatusSummary { try base.statusSummary() }
  func edges() throws -> [DependencyEdge] { try base.edges() }
  func graphNodes() throws -> [GraphNode] { try base.graphNodes() }
  func dependentCounts() throws -> [IssueID: Int] { try base.dependentCounts() }
  func metricGauges(now: Timestamp) throws -> MetricGauges { try base.metricGauges(now: now) }
}

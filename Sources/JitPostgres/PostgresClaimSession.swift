import JitCore
import JitSystem

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
  /// Candidates' bodies not decoded yet, and their leases (nil: none).
  private var bodies: [IssueID: String] = [:]
  private var candidateLeases: [IssueID: String?] = [:]
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
    if let body = bodies.removeValue(forKey: id) { return keep(try base.decode(body, id: id)) }
    return keep(try base.load(id))
  }

  func lease(_ id: IssueID) throws -> Lease? {
    guard let body = candidateLeases[id] else { return try base.lease(id) }
    return body.flatMap {
      try? JSONCoding.decodeFile(Lease.self, Array($0.utf8), path: "postgresql:jit_leases")
    }
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
    guard let (rest, unfiltered) = PostgresSession.candidateFilter(filter) else { return [] }
    let evaluator = ReadinessEvaluator(gates: try gates()) { try self.find($0) }
    var found: [IssueID] = []
    var offset = 0
    // Only as many rows as asked for are locked: the others are left to the claims beside this one.
    let page = limit
    let patience = ContinuousClock.now + .seconds(10)
    while found.count < limit {
      var sql =
        "SELECT i.id, i.has_gates, i.body, l.body FROM jit_issues i LEFT JOIN jit_leases l ON l.id = i.id "
        + "WHERE i.claimable AND NOT \(PostgresSession.dependencyBlocked)"
      if let priorities = filter.priorities {
        sql +=
          " AND i.priority IN (" + priorities.map { String($0.rank) }.sorted().joined(separator: ", ") + ")"
      }
      sql += " ORDER BY i.priority DESC, i.created_at, i.id"
      let unlocked = sql + " LIMIT 1"
      sql += " LIMIT \(page) OFFSET \(offset) FOR UPDATE OF i SKIP LOCKED"
      let rows = try reporting { try base.connection.repeated(sql, []) }
      for row in rows where found.count < limit {
        guard let id = row[0].flatMap(IssueID.init), let body = row[2] else { continue }
        if issues[id] == nil { bodies[id] = body }
        candidateLeases[id] = row[3]
        // Claimable, no dependency not done, no gates, no filter: nothing else can hold it back
        // (its body is decoded only if it is claimed).
        if row[1] == "f" && unfiltered {
          found.append(id)
          continue
        }
        let issue = try load(id)
        guard filter.matches(issue), try evaluator.isReadyToClaim(issue) else { continue }
        found.append(id)
      }
      if offset == 0 && rows.isEmpty && ContinuousClock.now < patience,
        try !reporting({ try base.connection.repeated(unlocked, []) }).isEmpty
      {
        // None left but rows other claims hold: those they take will no longer qualify, those
        // they leave will be free. Waiting for a row lock could deadlock (a row that fails the
        // check again after the wait stays locked), so this looks again in a moment instead.
        usleep(2_000)
        continue
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
    let ids = PostgresSession.ids(try reporting { try base.connection.repeated(sql, []) })
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

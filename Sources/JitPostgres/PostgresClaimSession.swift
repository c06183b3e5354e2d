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

  /// How long a claim waits for rows that other claims hold without any of them being taken.
  private let patience: Duration

  init(_ base: PostgresSession, registry: String?, patience: Duration) {
    self.base = base
    self.registryBody = registry
    self.patience = patience
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
  ///
  /// The first page is one row: when it is sure to be claimed (no gates, no filter, its body
  /// reads) it is the whole answer, so a claim locks only the row it takes and the claims beside
  /// it are not kept from the rest. Otherwise pages of `limit` rows follow.
  func claimCandidates(_ filter: IssueFilter, limit: Int) throws -> [IssueID] {
    guard let (_, unfiltered) = PostgresSession.candidateFilter(filter) else { return [] }
    let evaluator = ReadinessEvaluator(gates: try gates()) { try self.find($0) }
    var found: [IssueID] = []
    var offset = 0
    var page = 1
    var waiting = ClaimWait(patience: patience)
    var sql =
      "SELECT i.id, i.has_gates, i.body, l.body FROM jit_issues i LEFT JOIN jit_leases l ON l.id = i.id "
      + "WHERE i.claimable AND NOT \(PostgresSession.dependencyBlocked)"
    if let priorities = filter.priorities {
      sql +=
        " AND i.priority IN (" + priorities.map { String($0.rank) }.sorted().joined(separator: ", ") + ")"
    }
    sql += " ORDER BY i.priority DESC, i.created_at, i.id"
    let unlocked = sql + " LIMIT 1"
    while found.count < limit {
      let rows = try reporting {
        try base.connection.repeated(sql + " LIMIT \(page) OFFSET \(offset) FOR UPDATE OF i SKIP LOCKED", [])
      }
      for row in rows where found.count < limit {
        guard let id = row[0].flatMap(IssueID.init), let body = row[2], !found.contains(id) else { continue }
        if issues[id] == nil { bodies[id] = body }
        candidateLeases[id] = row[3]
        // Claimable, no dependency not done, no gates, no filter: nothing else can hold it back.
        if row[1] == "f" && unfiltered {
          if page == 1 && offset == 0 && (try? load(id)) != nil { return [id] }
          found.append(id)
          continue
        }
        let issue = try load(id)
        guard filter.matches(issue), try evaluator.isReadyToClaim(issue) else { continue }
        found.append(id)
      }
      if offset == 0 && rows.isEmpty,
        let first = try reporting({ try base.connection.repeated(unlocked, []) }).first?.first ?? nil
      {
        // None free but rows other claims hold: those they take will no longer qualify, those
        // they leave will be free. Waiting for a row lock could deadlock (a row that fails the
        // check again after the wait stays locked), so this looks again in a moment instead,
        // for as long as the claims beside it make progress.
        guard waiting.another(first) else { break }
        continue
      }
      guard rows.count == page else { break }
      offset += page
      page = limit
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
  /// As `PostgresSession.staleDerivedStates`, with the registry and `states_checked` the
  /// transaction's first statement brought.
  func staleDerivedStates() throws -> [IssueID] {
    if base.statesChecked { return [] }
    return try PostgresStates.stale(gates: try gates(), among: nil) { sql, parameters in
      try reporting { try base.connection.repeated(sql, parameters) }
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

/// A claim's wait for rows that the claims beside it hold: a short, growing pause between looks,
/// given up only when the first claimable row has stayed the same, unclaimed, for `patience`.
struct ClaimWait {
  let patience: Duration
  private var first: String?
  private var since = ContinuousClock.now
  private var pause = 1_000

  init(patience: Duration) { self.patience = patience }

  /// Pauses before another look, false when the wait is over; `first` is the claimable row seen.
  mutating func another(_ first: String) -> Bool {
    if first != self.first {
      self.first = first
      since = .now
    } else if ContinuousClock.now - since > patience {
      return false
    }
    usleep(UInt32(pause))
    pause = min(pause * 2, 16_000)
    return true
  }
}

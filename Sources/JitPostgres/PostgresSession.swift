import FoundationEssentials
import JitCore

/// One session's reads, inside the transaction its store began on `connection`. Used by one
/// closure on one thread (not `Sendable`).
final class PostgresSession: ReadSession {
  let connection: PostgresConnection
  /// A write session's: claim candidates are taken `FOR UPDATE SKIP LOCKED`.
  let locking: Bool
  /// Whether each issue this session loaded was claimable as stored: a claim of one is applied as
  /// a conditional update.
  private(set) var loadedClaimable: [IssueID: Bool] = [:]
  /// A write session's: whether the database said every stored derived state agreed with the
  /// rules when the session began (`jit_meta.states_checked`).
  var statesChecked = false
  /// A write session's: the stale derived states it looked for and found (nil: it did not look).
  private(set) var checkedStale: [IssueID]?

  init(_ connection: PostgresConnection, locking: Bool = false) {
    self.connection = connection
    self.locking = locking
  }

  static func path(_ id: IssueID) -> String { "postgresql:jit_issues/\(id.rawValue)" }

  func decode(_ body: String, id: IssueID) throws -> Issue {
    let issue = try FileSession.decode(Array(body.utf8), id: id, path: Self.path(id))
    loadedClaimable[id] = issue.isClaimable
    return issue
  }

  static func ids(_ rows: [[String?]]) -> [IssueID] {
    rows.compactMap { $0.first.flatMap { $0.flatMap(IssueID.init) } }
  }

  func select(_ sql: String, _ parameters: [String?] = []) throws -> [[String?]] {
    try reporting { try connection.query(sql, parameters) }
  }

  // MARK: Plain reads

  func allIDs() throws -> [IssueID] { Self.ids(try select("SELECT id FROM jit_issues ORDER BY id")) }

  func load(_ id: IssueID) throws -> Issue {
    guard
      let body = try select("SELECT body FROM jit_issues WHERE id = $1", [id.rawValue]).first?.first ?? nil
    else { throw JitError.issueNotFound(id.rawValue) }
    return try decode(body, id: id)
  }

  func contains(_ id: IssueID) throws -> Bool {
    !(try select("SELECT 1 FROM jit_issues WHERE id = $1", [id.rawValue]).isEmpty)
  }

  func loadAll() throws -> [Issue] {
    var issues: [Issue] = []
    try reporting {
      try connection.query("SELECT id, body FROM jit_issues ORDER BY id", []) { row in
        guard let id = row[0].flatMap(IssueID.init), let body = row[1] else { return }
        issues.append(try decode(body, id: id))
      }
    }
    return issues
  }

  func gates() throws -> GateRegistry {
    guard let body = try select("SELECT body FROM jit_registry").first?.first ?? nil else {
      return GateRegistry()
    }
    return try JSONCoding.decodeFile(GateRegistry.self, Array(body.utf8), path: "postgresql:jit_registry")
  }

  func events() throws -> EventLogContents { try events(after: 0).contents }

  /// The events after sequence number `sequence`, oldest first, and the last sequence number read.
  func events(after sequence: Int64, limit: Int? = nil) throws -> (contents: EventLogContents, last: Int64) {
    var contents = EventLogContents()
    var reader = EventLineReader()
    let decoder = JSONDecoder()
    var last = sequence
    var sql = "SELECT seq, line FROM jit_events WHERE seq > $1 ORDER BY seq"
    if let limit { sql += " LIMIT \(limit)" }
    try reporting {
      try connection.query(sql, [String(sequence)]) { row in
        guard let seq = row[0].flatMap({ Int64($0) }), let line = row[1] else { return }
        last = seq
        reader.read(
          Array(line.utf8)[...], number: Int(seq), decoder: decoder, events: &contents.events,
          malformed: &contents.malformed)
      }
    }
    return (contents, last)
  }

  func lease(_ id: IssueID) throws -> Lease? {
    guard
      let body = try select("SELECT body FROM jit_leases WHERE id = $1", [id.rawValue]).first?.first ?? nil
    else { return nil }
    return try? JSONCoding.decodeFile(Lease.self, Array(body.utf8), path: "postgresql:jit_leases")
  }

  func leases() throws -> [Lease] {
    try select("SELECT body FROM jit_leases ORDER BY id").compactMap { row in
      guard let body = row[0] else { return nil }
      return try? JSONCoding.decodeFile(Lease.self, Array(body.utf8), path: "postgresql:jit_leases")
    }
  }

  // MARK: Hooks the tables answer

  func ids(endingWith suffix: String) throws -> [IssueID] {
    let pattern = "%" + suffix.filter { $0 != "%" && $0 != "_" && $0 != "\\" }
    return Self.ids(try select("SELECT id FROM jit_issues WHERE id LIKE $1 ORDER BY id", [pattern]))
      .filter { $0.rawValue.hasSuffix(suffix) }
  }

  func dependencies(of id: IssueID) throws -> [IssueID] {
    Self.ids(try select("SELECT dep FROM jit_deps WHERE issue = $1 ORDER BY ord", [id.rawValue]))
  }

  func dependents(of id: IssueID) throws -> [IssueID] {
    Self.ids(try select("SELECT DISTINCT issue FROM jit_deps WHERE dep = $1 ORDER BY issue", [id.rawValue]))
  }

  var indexesEdges: Bool { true }

  func edges() throws -> [DependencyEdge] {
    try select("SELECT DISTINCT issue, dep FROM jit_deps ORDER BY issue, dep").compactMap { row in
      guard let issue = row[0].flatMap(IssueID.init), let dependency = row[1].flatMap(IssueID.init) else {
        return nil
      }
      return DependencyEdge(issue: issue, dependency: dependency)
    }
  }

  /// Issues some dependency of which is missing or not done.
  static let dependencyBlocked = """
    EXISTS (SELECT 1 FROM jit_deps d LEFT JOIN jit_issues x ON x.id = d.dep
            WHERE d.issue = i.id AND (x.id IS NULL OR x.state <> 'done'))
    """

  /// What of a claim filter is left to check on each candidate after the SQL (which applies the
  /// priorities), and whether that is nothing; nil when no candidate can match (a state other than
  /// ready, an assignee other than none).
  static func candidateFilter(_ filter: IssueFilter) -> (rest: IssueFilter, unfiltered: Bool)? {
    if let states = filter.states, !states.contains(.ready) { return nil }
    if let assignees = filter.assignees, !assignees.contains("none") { return nil }
    var rest = filter
    rest.priorities = nil
    return (rest, rest == IssueFilter())
  }

  /// Claimable rows nothing blocks through a dependency, in work order; each is confirmed by the
  /// same evaluator the plain reads use (gates, holds), so the answer equals theirs.
  func claimCandidates(_ filter: IssueFilter, limit: Int) throws -> [IssueID] {
    guard let (rest, unfiltered) = Self.candidateFilter(filter) else { return [] }
    let evaluator = ReadinessEvaluator(gates: try gates()) { try self.find($0) }
    var found: [IssueID] = []
    var offset = 0
    let page = max(limit, 16)
    while found.count < limit {
      var sql =
        "SELECT i.id, i.has_gates FROM jit_issues i WHERE i.claimable AND NOT \(Self.dependencyBlocked)"
      if let priorities = filter.priorities {
        sql +=
          " AND i.priority IN (" + priorities.map { String($0.rank) }.sorted().joined(separator: ", ") + ")"
      }
      sql += " ORDER BY i.priority DESC, i.created_at, i.id LIMIT \(page) OFFSET \(offset)"
      if locking { sql += " FOR UPDATE OF i SKIP LOCKED" }
      let rows = try select(sql)
      for row in rows where found.count < limit {
        guard let id = row[0].flatMap(IssueID.init) else { continue }
        // Claimable, and no dependency not done: without gates and filter nothing else can hold it
        // back, so it need not be read (claim-next reads its pick anyway).
        if row[1] == "f" && unfiltered {
          found.append(id)
          continue
        }
        guard let issue = try find(id), filter.matches(issue), try evaluator.isReadyToClaim(issue) else {
          continue
        }
        found.append(id)
      }
      let ids = rows
      guard ids.count == page else { break }
      offset += page
    }
    return found
  }

  /// The rows whose derived state contradicts their dependencies, precheck gates or hold
  /// (`ReadinessEvaluator.hasStaleDerivedState`), in one set-wise statement (`PostgresStates`). A
  /// write session whose database says every state was checked (`states_checked`) has none to
  /// look for; one that looks records what it found, for the write's own check after.
  func staleDerivedStates() throws -> [IssueID] {
    if locking && statesChecked { return [] }
    let found = try PostgresStates.stale(gates: try gates(), among: nil) { try select($0, $1) }
    if locking { checkedStale = found }
    return found
  }

}

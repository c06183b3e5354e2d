/// A storage backend. It hands a session to a closure, in the manner of GRDB's `read { db in }` and
/// `write { db in }`: everything a session reads is one consistent view, and everything a write
/// session stages (issues, the gate registry, events) is kept as one unit when the closure returns,
/// or none of it when it throws or the process dies.
///
/// How a backend keeps sessions apart (a file lock, a database transaction, a mutex) is its own
/// business: nothing here names files or locks. A store is shared freely between threads and tasks;
/// each call makes a session of its own, and session state lives in the session, never in the store.
public protocol Store: Sendable {
  /// Runs `body` with a read session. Sessions do not nest: call the session, not the store, inside.
  func read<T>(_ body: (any ReadSession) throws -> T) throws -> T
  /// Runs `body` with a write session (one at a time per repository) and commits what it staged.
  /// If `body` throws, nothing it staged is kept, and the error is rethrown.
  func write<T>(_ body: (any WriteSession) throws -> T) throws -> T
  /// Runs `body`, a claim (`claim`, `claim-next`), with a write session. A store whose claims are
  /// safe beside each other without its write lock (a row lock and a conditional update) may run
  /// it beside other claims, and then must run it again as a `write` when what it staged is more
  /// than claims (a stale derived state corrected, say). The default is `write`.
  func claimWrite<T>(_ body: (any WriteSession) throws -> T) throws -> T
}

extension Store {
  public func claimWrite<T>(_ body: (any WriteSession) throws -> T) throws -> T { try write(body) }
}

/// What a session can read. The plain reads (`load`, `contains`, `allIDs`, `loadAll`, `gates`) see
/// a write session's own staged changes; the hooks (suffixes, edges, candidates, queries, counts)
/// answer from the state the session started from, which an index can do without reading every
/// issue. Every answer must equal what the plain reads give; the defaults compute it from them.
public protocol ReadSession {
  /// Every issue id, in ascending order.
  func allIDs() throws -> [IssueID]
  /// One issue; `ISSUE_NOT_FOUND` if it does not exist, `CORRUPT_FILE` if it does not parse.
  func load(_ id: IssueID) throws -> Issue
  /// Whether an issue exists.
  func contains(_ id: IssueID) throws -> Bool
  /// Every issue, in id order. A file that cannot be read as an issue (it does not parse, or jit
  /// refuses to read it: see `SkippedFile`) is passed over and recorded in `skippedFiles`.
  func loadAll() throws -> [Issue]
  /// The gate registry.
  func gates() throws -> GateRegistry
  /// Every event, oldest first, with the lines that do not parse.
  func events() throws -> EventLogContents
  /// The lease of one issue's claim, if it has one (it may belong to an older claim: see
  /// `Lease.belongs(to:)`).
  func lease(_ id: IssueID) throws -> Lease?
  /// Every lease, by issue id.
  func leases() throws -> [Lease]
  /// Where the session records the files its answers passed over.
  var skippedFiles: SkippedFileLog { get }

  // Hooks: a backend with an index answers these from it.

  /// The ids that end with `suffix` (upper-case), in ascending order.
  func ids(endingWith suffix: String) throws -> [IssueID]
  /// The dependencies of one issue (empty if it does not exist).
  func dependencies(of id: IssueID) throws -> [IssueID]
  /// The ids of the issues that list `id` among their dependencies, in ascending order.
  func dependents(of id: IssueID) throws -> [IssueID]
  /// The ids of the issues that require a gate, in ascending order.
  func issues(requiring key: String) throws -> [IssueID]
  /// Whether `dependencies(of:)` and `dependents(of:)` are cheap lookups rather than reads of
  /// every issue, so that graph searches may walk downstream as well as upstream.
  var indexesEdges: Bool { get }
  /// Ready, unassigned issues that nothing blocks and that pass `filter`, in work order, at most
  /// `limit` of them (`ReadinessEvaluator.isReadyToClaim`).
  func claimCandidates(_ filter: IssueFilter, limit: Int) throws -> [IssueID]
  /// The issues whose stored derived state (`backlog`/`ready`) contradicts their dependencies and
  /// precheck gates (after a merge or a hand edit), in id order: each write derives them again.
  func staleDerivedStates() throws -> [IssueID]
  /// The answer to a query, one row at a time in work order, without holding them all.
  func query(_ query: IssueQuery, gates: GateRegistry, each body: (QueryRow) throws -> Void) throws
  /// The counts `jit status` shows.
  func statusSummary() throws -> StatusSummary
  /// Every dependency edge, `issue` depends on `dependency`, in ascending order of both.
  func edges() throws -> [DependencyEdge]
  /// What the graph views draw of every issue, in id order.
  func graphNodes() throws -> [GraphNode]
  /// How many issues list each issue among their dependencies (issues nobody depends on left out).
  func dependentCounts() throws -> [IssueID: Int]
  /// The gauges of `jit metrics export` as of `now` (`stalled` left at 0: see `MetricGauges`).
  func metricGauges(now: Timestamp) throws -> MetricGauges
}

/// A session that may also stage changes. Nothing staged is visible to other sessions until the
/// write closure returns; then all of it is, with its events, or (on a throw or a crash) none.
public protocol WriteSession: ReadSession {
  /// Stages an issue to be written (created or replaced).
  func save(_ issue: Issue) throws
  /// Stages the removal of an issue.
  func remove(_ id: IssueID) throws
  /// Stages a new gate registry.
  func saveGates(_ registry: GateRegistry) throws
  /// Stages events, appended in order when the unit is kept.
  func append(_ events: [Event]) throws
  /// Stages a lease to be written (or replaced).
  func saveLease(_ lease: Lease) throws
  /// Stages the removal of an issue's lease.
  func removeLease(_ id: IssueID) throws
}

/// One edge of the dependency graph: `issue` depends on `dependency`.
public struct DependencyEdge: Hashable, Sendable, Comparable {
  public var issue: IssueID
  public var dependency: IssueID

  public init(issue: IssueID, dependency: IssueID) {
    self.issue = issue
    self.dependency = dependency
  }

  public static func < (lhs: DependencyEdge, rhs: DependencyEdge) -> Bool {
    (lhs.issue, lhs.dependency) < (rhs.issue, rhs.dependency)
  }
}

extension ReadSession {
  /// A backend without files passes over none.
  public var skippedFiles: SkippedFileLog { SkippedFileLog() }

  public func contains(_ id: IssueID) throws -> Bool {
    do {
      _ = try load(id)
      return true
    } catch let error as JitError where error.code == .issueNotFound {
      return false
    }
  }

  /// The issue, or nil if it does not exist.
  public func find(_ id: IssueID) throws -> Issue? {
    do { return try load(id) } catch let error as JitError where error.code == .issueNotFound { return nil }
  }

  public func ids(endingWith suffix: String) throws -> [IssueID] {
    try allIDs().filter { $0.rawValue.hasSuffix(suffix) }
  }

  public func dependencies(of id: IssueID) throws -> [IssueID] {
    try find(id)?.dependencies ?? []
  }

  public func dependents(of id: IssueID) throws -> [IssueID] {
    try loadAll().filter { $0.dependencies.contains(id) }.map(\.id).sorted()
  }

  public func issues(requiring key: String) throws -> [IssueID] {
    try loadAll().filter { $0.gatesRequired.contains(key) }.map(\.id).sorted()
  }

  public var indexesEdges: Bool { false }

  public func claimCandidates(_ filter: IssueFilter, limit: Int) throws -> [IssueID] {
    let issues = try loadAll()
    let byID = Dictionary(issues.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    let evaluator = ReadinessEvaluator(gates: try gates()) { byID[$0] }
    return try issues.filter { try filter.matches($0) && evaluator.isReadyToClaim($0) }
      .sorted(by: Issue.workOrder).prefix(limit).map(\.id)
  }

  public func staleDerivedStates() throws -> [IssueID] {
    let issues = try loadAll()
    let byID = Dictionary(issues.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    let evaluator = ReadinessEvaluator(gates: try gates()) { byID[$0] }
    return try issues.filter { try evaluator.hasStaleDerivedState($0) }.map(\.id)
  }

  public func query(_ query: IssueQuery, gates: GateRegistry, each body: (QueryRow) throws -> Void) throws {
    for row in try QueryEvaluator.evaluate(query, over: loadAll(), gates: gates) { try body(row) }
  }

  public func statusSummary() throws -> StatusSummary {
    StatusSummary(try loadAll(), gates: try gates())
  }

  public func metricGauges(now: Timestamp) throws -> MetricGauges {
    MetricGauges(try loadAll(), gates: try gates(), now: now)
  }

  public func edges() throws -> [DependencyEdge] {
    try loadAll().flatMap { issue in
      issue.dependencies.map { DependencyEdge(issue: issue.id, dependency: $0) }
    }.sorted()
  }

  public func graphNodes() throws -> [GraphNode] { try loadAll().map(GraphNode.init) }

  public func dependentCounts() throws -> [IssueID: Int] {
    var counts: [IssueID: Int] = [:]
    for issue in try loadAll() {
      for dependency in Set(issue.dependencies) { counts[dependency, default: 0] += 1 }
    }
    return counts
  }

  /// The answer to a query, in work order.
  public func query(_ query: IssueQuery, gates: GateRegistry) throws -> [QueryRow] {
    var rows: [QueryRow] = []
    try self.query(query, gates: gates) { rows.append($0) }
    return rows
  }
}

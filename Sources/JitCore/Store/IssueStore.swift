/// Where issues and the gate registry are kept. `Tracker` is the only caller that mutates, and it
/// does so inside `withLock(.exclusive)`.
///
/// The JSON files are the source of truth; a store may keep a derived index for speed, but every
/// answer must equal what a plain read of the files gives.
public protocol IssueStore: Sendable {
  /// The repository this store reads, if it is on disk.
  var layout: RepositoryLayout? { get }

  /// Runs `body` holding the repository lock.
  func withLock<T>(_ mode: FileLock.Mode, _ body: () throws -> T) throws -> T

  /// Every issue id, in ascending order.
  func allIDs() throws -> [IssueID]
  /// One issue; `ISSUE_NOT_FOUND` if it does not exist, `CORRUPT_FILE` if it does not parse.
  func load(_ id: IssueID) throws -> Issue
  /// Whether an issue exists.
  func contains(_ id: IssueID) throws -> Bool
  /// Every issue. Fails on the first file that does not parse.
  func loadAll() throws -> [Issue]
  /// The ids of the issues that list `id` among their dependencies.
  func dependents(of id: IssueID) throws -> [IssueID]

  /// Writes one issue (creating or replacing it).
  func save(_ issue: Issue) throws
  /// Removes one issue.
  func remove(_ id: IssueID) throws

  /// The gate registry.
  func loadGates() throws -> GateRegistry
  /// Replaces the gate registry.
  func saveGates(_ registry: GateRegistry) throws

  // Hooks a store with an index answers from it; the defaults read the issues.

  /// The ids that end with `suffix` (upper-case), in ascending order.
  func ids(endingWith suffix: String) throws -> [IssueID]
  /// The dependencies of one issue (empty if it does not exist).
  func dependencies(of id: IssueID) throws -> [IssueID]
  /// The ids of the issues that require a gate, in ascending order.
  func issues(requiring key: String) throws -> [IssueID]
  /// Whether `dependencies(of:)` and `dependents(of:)` are cheap lookups rather than file reads,
  /// so that graph searches may walk downstream as well as upstream.
  var indexesEdges: Bool { get }
  /// Ready, unassigned issues that pass `filter`, in work order, at most `limit` of them.
  func claimCandidates(_ filter: IssueFilter, limit: Int) throws -> [IssueID]
  /// The answer to a query, in work order.
  func query(_ query: IssueQuery, gates: GateRegistry) throws -> [QueryRow]
  /// The answer to a query, one row at a time in work order, without holding them all.
  func query(_ query: IssueQuery, gates: GateRegistry, each body: (QueryRow) throws -> Void) throws
  /// Runs the writes of one mutation (`save`, `remove`) as one unit; called under the exclusive lock.
  func batch<T>(_ body: () throws -> T) throws -> T
}

extension IssueStore {
  public func contains(_ id: IssueID) throws -> Bool {
    do {
      _ = try load(id)
      return true
    } catch let error as JitError where error.code == .issueNotFound {
      return false
    }
  }

  public func issues(requiring key: String) throws -> [IssueID] {
    try loadAll().filter { $0.gatesRequired.contains(key) }.map(\.id).sorted()
  }

  public func dependents(of id: IssueID) throws -> [IssueID] {
    try loadAll().filter { $0.dependencies.contains(id) }.map(\.id).sorted()
  }

  public func ids(endingWith suffix: String) throws -> [IssueID] {
    try allIDs().filter { $0.rawValue.hasSuffix(suffix) }
  }

  public func dependencies(of id: IssueID) throws -> [IssueID] {
    do { return try load(id).dependencies } catch let error as JitError where error.code == .issueNotFound {
      return []
    }
  }

  public var indexesEdges: Bool { false }

  public func claimCandidates(_ filter: IssueFilter, limit: Int) throws -> [IssueID] {
    try loadAll()
      .filter { $0.state == .ready && $0.assignee == nil && filter.matches($0) }
      .sorted(by: Tracker.workOrder).prefix(limit).map(\.id)
  }

  public func query(_ query: IssueQuery, gates: GateRegistry) throws -> [QueryRow] {
    try QueryEvaluator.evaluate(query, over: loadAll(), gates: gates)
  }

  public func query(_ query: IssueQuery, gates: GateRegistry, each body: (QueryRow) throws -> Void) throws {
    for row in try self.query(query, gates: gates) { try body(row) }
  }

  public func batch<T>(_ body: () throws -> T) throws -> T { try body() }
}

/// What one write session has staged: the unit a backend keeps whole or not at all.
public struct StagedUnit: Sendable {
  /// Issues to write, by id, and the order they were first staged in.
  public private(set) var saved: [IssueID: Issue] = [:]
  public private(set) var savedOrder: [IssueID] = []
  /// Issues to remove.
  public private(set) var removed: Set<IssueID> = []
  /// The new gate registry, if it changed.
  public private(set) var gates: GateRegistry?
  /// Events to append, in order.
  public private(set) var events: [Event] = []
  /// Leases to write, or to remove (nil), by issue.
  public private(set) var leases: [IssueID: Lease?] = [:]

  public init() {}

  /// Whether there is nothing to keep.
  public var isEmpty: Bool {
    saved.isEmpty && removed.isEmpty && gates == nil && events.isEmpty && leases.isEmpty
  }

  /// The issues to write, in the order they were staged.
  public var savedIssues: [Issue] { savedOrder.compactMap { saved[$0] } }

  mutating func save(_ issue: Issue) {
    if saved[issue.id] == nil { savedOrder.append(issue.id) }
    saved[issue.id] = issue
    removed.remove(issue.id)
  }

  mutating func remove(_ id: IssueID) {
    if saved.removeValue(forKey: id) != nil { savedOrder.removeAll { $0 == id } }
    removed.insert(id)
  }

  mutating func setGates(_ registry: GateRegistry) { gates = registry }

  mutating func append(_ new: [Event]) { events.append(contentsOf: new) }

  mutating func setLease(_ id: IssueID, _ lease: Lease?) { leases[id] = .some(lease) }
}

/// A write session over any read session: it stages writes in a `StagedUnit`, shows them to the
/// plain reads, and leaves the hooks to the base (the state the session started from). Backends
/// wrap their read session in one and commit its `unit` when the closure returns.
///
/// Not `Sendable`: a session belongs to the closure it is handed to.
public final class StagingSession<Base: ReadSession>: WriteSession {
  public let base: Base
  public private(set) var unit = StagedUnit()

  public init(base: Base) { self.base = base }

  public func allIDs() throws -> [IssueID] {
    guard !unit.saved.isEmpty || !unit.removed.isEmpty else { return try base.allIDs() }
    return Set(try base.allIDs()).union(unit.saved.keys).subtracting(unit.removed).sorted()
  }

  public func load(_ id: IssueID) throws -> Issue {
    if unit.removed.contains(id) { throw JitError.issueNotFound(id.rawValue) }
    if let issue = unit.saved[id] { return issue }
    return try base.load(id)
  }

  public func contains(_ id: IssueID) throws -> Bool {
    if unit.removed.contains(id) { return false }
    if unit.saved[id] != nil { return true }
    return try base.contains(id)
  }

  public func loadAll() throws -> [Issue] {
    guard !unit.saved.isEmpty || !unit.removed.isEmpty else { return try base.loadAll() }
    return try loadEach(allIDs())
  }

  public func gates() throws -> GateRegistry { try unit.gates ?? base.gates() }

  public var skippedFiles: SkippedFileLog { base.skippedFiles }

  public func events() throws -> EventLogContents {
    var contents = try base.events()
    contents.events += unit.events
    return contents
  }

  public func lease(_ id: IssueID) throws -> Lease? {
    if let staged = unit.leases[id] { return staged }
    return try base.lease(id)
  }

  public func leases() throws -> [Lease] {
    guard !unit.leases.isEmpty else { return try base.leases() }
    var all = Dictionary(try base.leases().map { ($0.id, $0) }) { $1 }
    for (id, lease) in unit.leases { all[id] = lease }
    return all.keys.sorted().compactMap { all[$0] }
  }

  public func ids(endingWith suffix: String) throws -> [IssueID] {
    guard !unit.saved.isEmpty || !unit.removed.isEmpty else { return try base.ids(endingWith: suffix) }
    return Set(try base.ids(endingWith: suffix)).union(
      unit.saved.keys.filter { $0.rawValue.hasSuffix(suffix) }
    )
    .subtracting(unit.removed).sorted()
  }

  // The edge hooks see what is staged too: several tracker calls may share one session
  // (`Tracker.batch`), and each must see the edges the ones before it staged.
  public func dependencies(of id: IssueID) throws -> [IssueID] {
    if unit.removed.contains(id) { return [] }
    if let issue = unit.saved[id] { return issue.dependencies }
    return try base.dependencies(of: id)
  }

  public func dependents(of id: IssueID) throws -> [IssueID] {
    try overlaid(base.dependents(of: id)) { $0.dependencies.contains(id) }
  }

  public func issues(requiring key: String) throws -> [IssueID] {
    try overlaid(base.issues(requiring: key)) { $0.gatesRequired.contains(key) }
  }

  /// What the base answered, corrected by the staged issues: those removed or staged without the
  /// property left out, those staged with it added.
  private func overlaid(_ answer: [IssueID], _ holds: (Issue) -> Bool) -> [IssueID] {
    guard !unit.saved.isEmpty || !unit.removed.isEmpty else { return answer }
    var ids = Set(answer).subtracting(unit.removed)
    for (id, issue) in unit.saved {
      if holds(issue) { ids.insert(id) } else { ids.remove(id) }
    }
    return ids.sorted()
  }
  public var indexesEdges: Bool { base.indexesEdges }
  public func claimCandidates(_ filter: IssueFilter, limit: Int) throws -> [IssueID] {
    try base.claimCandidates(filter, limit: limit)
  }
  public func query(_ query: IssueQuery, gates: GateRegistry, each body: (QueryRow) throws -> Void) throws {
    try base.query(query, gates: gates, each: body)
  }
  public func statusSummary() throws -> StatusSummary { try base.statusSummary() }
  public func metricGauges(now: Timestamp) throws -> MetricGauges { try base.metricGauges(now: now) }
  public func staleDerivedStates() throws -> [IssueID] { try base.staleDerivedStates() }
  public func edges() throws -> [DependencyEdge] { try base.edges() }
  public func graphNodes() throws -> [GraphNode] { try base.graphNodes() }
  public func dependentCounts() throws -> [IssueID: Int] { try base.dependentCounts() }

  public func save(_ issue: Issue) throws { unit.save(issue) }
  public func remove(_ id: IssueID) throws { unit.remove(id) }
  public func saveGates(_ registry: GateRegistry) throws { unit.setGates(registry) }
  public func append(_ events: [Event]) throws { unit.append(events) }
  public func saveLease(_ lease: Lease) throws { unit.setLease(lease.id, lease) }
  public func removeLease(_ id: IssueID) throws { unit.setLease(id, nil) }
}

/// The one place that changes issues. Every mutation runs inside the repository's exclusive lock,
/// checks every rule before it writes anything, writes the changed files, then appends its events.
public struct Tracker: Sendable {
  public let store: any IssueStore
  public let events: any EventLog
  /// The time source; injected so that tests control it.
  public let clock: @Sendable () -> Timestamp
  public let ids: ULIDGenerator

  public init(
    store: any IssueStore, events: any EventLog,
    clock: @escaping @Sendable () -> Timestamp, ids: ULIDGenerator = ULIDGenerator()
  ) {
    self.store = store
    self.events = events
    self.clock = clock
    self.ids = ids
  }

  /// A tracker over the repository at `layout`, with the files as its store.
  public static func onDisk(
    _ layout: RepositoryLayout, clock: @escaping @Sendable () -> Timestamp
  ) -> Tracker {
    Tracker(
      store: JSONFileStore(layout: layout), events: FileEventLog(path: layout.eventsFile), clock: clock)
  }

  /// Resolves what a user typed (a full id or a unique suffix of 4+ characters) to an existing id.
  public func resolve(_ text: String) throws -> IssueID {
    let reference = try IssueReference(text)
    if let full = IssueID(reference.text) {
      guard try store.contains(full) else { throw JitError.issueNotFound(text) }
      return full
    }
    let matches = try store.ids(endingWith: reference.text)
    switch matches.count {
    case 0: throw JitError.issueNotFound(text)
    case 1: return matches[0]
    default: throw JitError.ambiguous(text, candidates: matches)
    }
  }

  /// Loads one issue by what a user typed.
  public func issue(_ text: String) throws -> Issue {
    try store.load(resolve(text))
  }

  /// An evaluator that reads dependencies from the store.
  public func readiness(gates: GateRegistry? = nil) throws -> ReadinessEvaluator {
    let store = self.store
    let registry = try gates ?? store.loadGates()
    return ReadinessEvaluator(gates: registry) { id in
      do { return try store.load(id) } catch let error as JitError where error.code == .issueNotFound {
        return nil
      }
    }
  }

  /// Answers a query under the shared lock (see `IssueQuery`).
  public func query(_ query: IssueQuery) throws -> [QueryRow] {
    var rows: [QueryRow] = []
    try self.query(query) { rows.append($0) }
    return rows
  }

  /// Answers a query under the shared lock, one row at a time, in work order.
  public func query(_ query: IssueQuery, each body: (QueryRow) throws -> Void) throws {
    try store.withLock(.shared) {
      // Only `blocked` looks at gate stages; the others need not read the registry.
      let gates = query == .blocked ? try store.loadGates() : GateRegistry()
      try store.query(query, gates: gates, each: body)
    }
  }

  /// Runs a mutation under the exclusive lock and commits what it changed.
  func mutate<T>(_ body: (inout Transaction) throws -> T) throws -> T {
    CodingWarmUp.once()  // outside the lock: see CodingWarmUp
    return try store.withLock(.exclusive) {
      var transaction = try Transaction(tracker: self)
      let result = try body(&transaction)
      try transaction.commit()
      return result
    }
  }
}

/// The changes one mutation is making: issues read and written, and the events to append.
/// Nothing reaches the disk until `commit`.
struct Transaction {
  let tracker: Tracker
  let now: Timestamp
  private(set) var gates: GateRegistry
  private var gatesChanged = false
  private var cache: [IssueID: Issue] = [:]
  private var changed: [IssueID] = []
  private var removed: Set<IssueID> = []
  private(set) var events: [Event] = []

  init(tracker: Tracker) throws {
    self.tracker = tracker
    self.now = tracker.clock()
    self.gates = try tracker.store.loadGates()
  }

  /// The issue as this transaction sees it.
  mutating func load(_ id: IssueID) throws -> Issue {
    if removed.contains(id) { throw JitError.issueNotFound(id.rawValue) }
    if let issue = cache[id] { return issue }
    let issue = try tracker.store.load(id)
    cache[id] = issue
    return issue
  }

  /// The issue, or nil if it does not exist.
  mutating func find(_ id: IssueID) throws -> Issue? {
    do { return try load(id) } catch let error as JitError where error.code == .issueNotFound { return nil }
  }

  /// Records a new version of an issue (its `updated_at` is set on commit).
  mutating func put(_ issue: Issue) {
    var issue = issue
    issue.updatedAt = now
    cache[issue.id] = issue
    if !changed.contains(issue.id) { changed.append(issue.id) }
  }

  /// Records a new gate registry, written on commit.
  mutating func putGates(_ registry: GateRegistry) {
    gates = registry
    gatesChanged = true
  }

  mutating func remove(_ id: IssueID) {
    removed.insert(id)
    cache[id] = nil
    changed.removeAll { $0 == id }
  }

  /// Queues an event.
  mutating func emit(
    _ kind: EventKind, _ id: IssueID?, by actor: Actor?, _ fields: [String: JSONValue] = [:]
  ) {
    events.append(
      Event(
        ts: now, event: kind.rawValue, eventID: tracker.ids.next(at: now.date), issueID: id, actor: actor,
        fields: fields))
  }

  /// The ids of the issues that depend on `id`, as this transaction sees them.
  mutating func dependents(of id: IssueID) throws -> [IssueID] {
    // The store knows the committed edges; this transaction may have added or removed some.
    var candidates = Set(try tracker.store.dependents(of: id)).subtracting(removed)
    for (other, issue) in cache where issue.dependencies.contains(id) { candidates.insert(other) }
    var result: [IssueID] = []
    for other in candidates.sorted() where try load(other).dependencies.contains(id) {
      result.append(other)
    }
    return result
  }

  /// What stands between an issue and done, as this transaction leaves it.
  mutating func untilDone(_ id: IssueID) throws -> DoneOutlook {
    try evaluator().untilDone(load(id))
  }

  /// A gate command's result: the issue and its outlook as this transaction leaves them.
  mutating func gateChange(_ id: IssueID, _ key: String, changed: Bool) throws -> GateChange {
    GateChange(issue: try load(id), gate: key, changed: changed, outlook: try untilDone(id))
  }

  /// An evaluator that sees this transaction's pending changes.
  mutating func evaluator() -> ReadinessEvaluator {
    var snapshot = self
    return ReadinessEvaluator(gates: gates) { id in try snapshot.find(id) }
  }

  /// Moves an issue to a new state, with its `issue.state_changed` event; a no-op if unchanged.
  mutating func setState(_ issue: inout Issue, _ state: IssueState, by actor: Actor?, reason: String) {
    guard issue.state != state else { return }
    let from = issue.state
    issue.state = state
    put(issue)
    emit(
      .issueStateChanged, issue.id, by: actor,
      ["from": .string(from.rawValue), "to": .string(state.rawValue), "reason": .string(reason)])
  }

  /// Recomputes the derived state (backlog/ready) of an issue.
  mutating func rederive(_ id: IssueID, by actor: Actor?, reason: String) throws {
    var issue = try load(id)
    guard issue.state.isDerived else { return }
    let state = try evaluator().derivedState(issue)
    setState(&issue, state, by: actor, reason: reason)
  }

  /// After an issue entered or left `done`, its dependents' derived states follow.
  mutating func propagate(from id: IssueID, by actor: Actor?) throws {
    for dependent in try dependents(of: id) {
      try rederive(
        dependent, by: actor, reason: "dependency \(id.short) is now \(try load(id).state.rawValue)")
    }
  }

  /// The dependencies of `id` as this transaction sees them, without reading its file when the
  /// store indexes edges.
  func edgeDependencies(of id: IssueID) throws -> [IssueID] {
    if removed.contains(id) { return [] }
    if let issue = cache[id] { return issue.dependencies }
    return try tracker.store.dependencies(of: id)
  }

  /// The issues that depend on `id` as this transaction sees them, from the store's edges.
  func edgeDependents(of id: IssueID) throws -> [IssueID] {
    var result = Set(try tracker.store.dependents(of: id)).subtracting(removed)
    for (other, issue) in cache {
      if issue.dependencies.contains(id) { result.insert(other) } else { result.remove(other) }
    }
    return result.sorted()
  }

  /// Writes every changed issue, removes deleted ones, then appends the events.
  func commit() throws {
    if gatesChanged { try tracker.store.saveGates(gates) }
    let store = tracker.store
    try store.batch {
      for id in changed {
        if let issue = cache[id] { try store.save(issue) }
      }
      for id in removed.sorted() { try store.remove(id) }
    }
    try tracker.events.append(events)
  }
}

/// The one place that changes issues. Every mutation runs in one write session of the store: it
/// checks every rule before it stages anything, and the store keeps its changes and their events
/// together, or none of them.
public struct Tracker: Sendable {
  public let store: any Store
  /// The time source; injected so that tests control it.
  public let clock: @Sendable () -> Timestamp
  public let ids: ULIDGenerator
  /// The repository on disk, where gate checkers run and `validate` looks; nil for a store with none.
  public let workspace: RepositoryLayout?
  /// The other repositories external dependencies name (read-only): what a claim, `dep add` and
  /// the readiness checks look them up in. Without any, every external dependency is `unknown`.
  public let external: any ExternalRepositories

  public init(
    store: any Store, clock: @escaping @Sendable () -> Timestamp, ids: ULIDGenerator = ULIDGenerator(),
    workspace: RepositoryLayout? = nil, external: any ExternalRepositories = NoExternalRepositories()
  ) {
    self.store = store
    self.clock = clock
    self.ids = ids
    self.workspace = workspace
    self.external = external
  }

  /// A tracker over the repository at `layout`, with the plain files as its store.
  public static func onDisk(
    _ layout: RepositoryLayout, clock: @escaping @Sendable () -> Timestamp
  ) -> Tracker {
    Tracker(store: JSONFileStore(layout: layout), clock: clock, workspace: layout)
  }

  /// Runs `body` with one consistent view of the tracker.
  public func read<T>(_ body: (TrackerReader) throws -> T) throws -> T {
    try store.read { session in try body(TrackerReader(session: session, external: external)) }
  }

  /// Resolves what a user typed (a full id or a unique suffix of 4+ characters) to an existing id.
  public func resolve(_ reference: IssueReference) throws -> IssueID {
    try read { try $0.resolve(reference) }
  }

  /// Loads one issue by what a user typed.
  public func issue(_ reference: IssueReference) throws -> Issue {
    try read { try $0.issue(reference) }
  }

  /// Answers a query (see `IssueQuery`).
  public func query(_ query: IssueQuery) throws -> [QueryRow] {
    var rows: [QueryRow] = []
    try self.query(query) { rows.append($0) }
    return rows
  }

  /// Answers a query, one row at a time, in work order; at most `limit` rows when given.
  public func query(_ query: IssueQuery, limit: Int? = nil, each body: (QueryRow) throws -> Void) throws {
    try read { try $0.query(query, limit: limit, each: body) }
  }

  /// The reason on the `issue.state_changed` events of derived states a write corrects after the
  /// files changed outside jit (a merge, a checkout, a hand edit).
  public static let rederivedReason = "derived again after the files changed outside jit"

  /// Runs a mutation in a write session and commits what it changed. Unless `rederivingStale` is
  /// false, the unit also corrects every stored derived state (`backlog`/`ready`) the files
  /// contradict, so that after a merge the next write leaves the files true, with an
  /// `issue.state_changed` event for each (`rederivedReason`). A `claiming` mutation (`claim`,
  /// `claim-next`) runs in the store's `claimWrite`.
  func mutate<T>(
    rederivingStale: Bool = true, claiming: Bool = false, _ body: (inout Transaction) throws -> T
  ) throws -> T {
    CodingWarmUp.once()  // outside the lock: see CodingWarmUp
    let write = { (unit: (any WriteSession) throws -> T) throws -> T in
      claiming ? try store.claimWrite(unit) : try store.write(unit)
    }
    return try write { session in
      var transaction = try Transaction(tracker: self, session: session)
      let result = try body(&transaction)
      if rederivingStale {
        // Best effort: a store that cannot list them (a file that does not parse) still writes.
        // An issue whose file, or a dependency's, does not parse is left as it is: readers pass
        // over it, and the write goes on (its derivation reads before it stages anything).
        for id in (try? session.staleDerivedStates()) ?? [] {
          guard (try? transaction.find(id)) != nil else { continue }
          try? transaction.rederive(id, by: nil, reason: Self.rederivedReason)
        }
      }
      try transaction.commit()
      return result
    }
  }
}

/// One consistent view of the tracker, for the length of a read session.
public struct TrackerReader {
  public let session: any ReadSession
  /// The other repositories, whose issues `readiness` looks up live (nil: left out).
  public let external: (any ExternalRepositories)?

  public init(session: any ReadSession, external: (any ExternalRepositories)? = nil) {
    self.session = session
    self.external = external
  }

  /// Resolves what a user typed to an existing id (see `IssueReference`).
  public func resolve(_ reference: IssueReference) throws -> IssueID {
    try reference.resolve(in: session)
  }

  /// Loads one issue by what a user typed.
  public func issue(_ reference: IssueReference) throws -> Issue { try session.load(resolve(reference)) }

  /// An evaluator that reads dependencies from this view.
  public func readiness(gates: GateRegistry? = nil) throws -> ReadinessEvaluator {
    let session = self.session
    return ReadinessEvaluator(gates: try gates ?? session.gates(), external: external) { id in
      try session.find(id)
    }
  }

  /// Answers a query, one row at a time, in work order; at most `limit` rows when given.
  public func query(_ query: IssueQuery, limit: Int? = nil, each body: (QueryRow) throws -> Void) throws {
    // Only `blocked` and `ready` (nothing may block it) look at gate stages; the others need not
    // read the registry.
    let gates = query == .blocked || query == .ready ? try session.gates() : GateRegistry()
    guard let limit else { return try answer(query, gates: gates, each: body) }
    struct Enough: Error {}
    var count = 0
    guard limit > 0 else { return }
    do {
      try answer(query, gates: gates) { row in
        try body(row)
        count += 1
        if count >= limit { throw Enough() }
      }
    } catch is Enough {}
  }
}

/// The changes one mutation is making: issues read and written, and the events to append.
/// Nothing is staged in the session until `commit`.
struct Transaction {
  let tracker: Tracker
  let session: any WriteSession
  let now: Timestamp
  private(set) var gates: GateRegistry
  private var gatesChanged = false
  private var cache: [IssueID: Issue] = [:]
  private var changed: [IssueID] = []
  private var removed: Set<IssueID> = []
  private(set) var events: [Event] = []

  init(tracker: Tracker, session: any WriteSession) throws {
    self.tracker = tracker
    self.session = session
    self.now = tracker.clock()
    self.gates = try session.gates()
  }

  /// Resolves what a user typed to an id, as this transaction sees the issues.
  func resolve(_ reference: IssueReference) throws -> IssueID {
    if let full = IssueID(reference.text), cache[full] != nil { return full }
    return try reference.resolve(in: session)
  }

  /// The issue as this transaction sees it.
  mutating func load(_ id: IssueID) throws -> Issue {
    if removed.contains(id) { throw JitError.issueNotFound(id.rawValue) }
    if let issue = cache[id] { return issue }
    let issue = try session.load(id)
    cache[id] = issue
    return issue
  }

  /// The issue, or nil if it does not exist.
  mutating func find(_ id: IssueID) throws -> Issue? {
    do { return try load(id) } catch let error as JitError where error.code == .issueNotFound { return nil }
  }

  /// Records a new version of an issue (its `updated_at` is set to now).
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
    // The session knows the committed edges; this transaction may have added or removed some.
    var candidates = Set(try session.dependents(of: id)).subtracting(removed)
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
    return ReadinessEvaluator(gates: gates, external: tracker.external) { id in try snapshot.find(id) }
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
    let state = try load(id).state.rawValue
    for dependent in try dependents(of: id) {
      try rederive(dependent, by: actor, reason: "dependency \(id.short) is now \(state)")
    }
  }

  /// The dependencies of `id` as this transaction sees them, without reading its file when the
  /// session indexes edges.
  func edgeDependencies(of id: IssueID) throws -> [IssueID] {
    if removed.contains(id) { return [] }
    if let issue = cache[id] { return issue.dependencies }
    return try session.dependencies(of: id)
  }

  /// The issues that depend on `id` as this transaction sees them, from the session's edges.
  func edgeDependents(of id: IssueID) throws -> [IssueID] {
    var result = Set(try session.dependents(of: id)).subtracting(removed)
    for (other, issue) in cache {
      if issue.dependencies.contains(id) { result.insert(other) } else { result.remove(other) }
    }
    return result.sorted()
  }

  /// Stages every change and the events in the session, which keeps them as one unit.
  func commit() throws {
    if gatesChanged { try session.saveGates(gates) }
    for id in changed {
      if let issue = cache[id] { try session.save(issue) }
    }
    for id in removed.sorted() { try session.remove(id) }
    try session.append(events)
  }
}

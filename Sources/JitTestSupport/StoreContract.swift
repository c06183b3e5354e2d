import JitCore

/// The storage contract every backend must keep, as checks a test runs against each backend
/// (`@Test(arguments: StoreBackend.allCases, StoreContract.allCases)`). A check throws
/// `ContractViolation` saying what the backend got wrong.
public enum StoreContract: String, CaseIterable, Sendable, CustomStringConvertible {
  /// Save, load, replace, remove; unknown ids; the id list and the registry.
  case crud
  /// A write session that throws keeps nothing it staged: issues, registry, events.
  case throwingWriteKeepsNothing
  /// A write session sees its own staged changes; other sessions see none of them until it returns.
  case isolation
  /// Events are kept with the changes they record, in order.
  case eventsInTheUnit
  /// The hooks (suffixes, edges, candidates, queries, counts) answer as the plain reads do.
  case hooksAnswerAsThePlainReads
  /// Claims through the tracker: one winner, the work order, `NO_READY_ISSUE` when none is left.
  case claims

  public var description: String { rawValue }

  /// Runs this check on a fresh store of `backend`.
  public func check(_ backend: StoreBackend) throws {
    let store = try backend.make(gates: Self.registry)
    switch self {
    case .crud: try Self.crud(store)
    case .throwingWriteKeepsNothing: try Self.throwingWrite(store)
    case .isolation: try Self.isolation(store)
    case .eventsInTheUnit: try Self.eventsInTheUnit(store)
    case .hooksAnswerAsThePlainReads: try Self.hooks(store)
    case .claims: try Self.claims(store)
    }
  }

  static let registry = GateRegistry(gates: [
    "review": GateDefinition(key: "review", title: "Review"),
    "design": GateDefinition(key: "design", title: "Design", stage: .precheck),
  ])

  static let clock = TestClock()

  static func issue(_ title: String, dependencies: [IssueID] = [], state: IssueState = .ready) throws -> Issue
  {
    let now = clock.tick()
    return Issue(
      id: try IssueID(validating: ULIDGenerator().next(at: now.date)), title: title, description: "",
      state: state,
      priority: .normal, dependencies: dependencies, gatesRequired: [], gatesStatus: [:], context: [:],
      createdAt: now, updatedAt: now)
  }

  static func event(_ kind: String, _ id: IssueID?) -> Event {
    let now = clock.tick()
    return Event(ts: now, event: kind, eventID: ULIDGenerator().next(at: now.date), issueID: id)
  }

  static func crud(_ store: any Store) throws {
    let first = try issue("first")
    var second = try issue("second", dependencies: [first.id], state: .backlog)
    try store.write { session in
      try session.save(first)
      try session.save(second)
    }
    try expect(try store.load(first.id) == first, "a saved issue loads as it was saved")
    try expect(
      try store.read { try $0.allIDs() } == [first.id, second.id].sorted(), "allIDs lists both, sorted")
    try expect(try store.loadAll().map(\.id) == [first.id, second.id].sorted(), "loadAll in id order")
    second.title = "second, renamed"
    try store.write { try $0.save(second) }
    try expect(try store.load(second.id).title == "second, renamed", "a save replaces")
    try store.write { try $0.remove(first.id) }
    try expect(try !store.contains(first.id), "a removed issue is gone")
    let missing = try thrown { _ = try store.load(first.id) }
    try expect(missing?.code == .issueNotFound, "loading a removed issue is ISSUE_NOT_FOUND")
    try expect(try store.loadGates() == registry, "the registry reads back")
    var changed = registry
    changed.gates["tests"] = GateDefinition(key: "tests", title: "Tests", auto: true)
    try store.write { try $0.saveGates(changed) }
    try expect(try store.loadGates() == changed, "a saved registry replaces the old one")
  }

  static func throwingWrite(_ store: any Store) throws {
    let kept = try issue("kept")
    try store.write { try $0.save(kept) }
    let before = try (store.loadAll(), store.loadGates(), store.allEvents())
    struct Refusal: Error {}
    do {
      try store.write { session in
        try session.save(try issue("never"))
        var renamed = kept
        renamed.title = "never renamed"
        try session.save(renamed)
        try session.remove(kept.id)
        try session.saveGates(GateRegistry())
        try session.append([event("issue.created", kept.id)])
        throw Refusal()
      }
      throw ContractViolation("the write session's error was not rethrown")
    } catch is Refusal {}
    let after = try (store.loadAll(), store.loadGates(), store.allEvents())
    try expect(after.0 == before.0, "issues unchanged after a throwing write")
    try expect(after.1 == before.1, "registry unchanged after a throwing write")
    try expect(after.2 == before.2, "no event kept from a throwing write")
  }

  static func isolation(_ store: any Store) throws {
    let staged = try issue("staged")
    try store.write { session in
      try session.save(staged)
      try expect(try session.load(staged.id) == staged, "a write session reads its own staged issue")
      try expect(try session.contains(staged.id), "and knows it exists")
      try expect(try session.allIDs().contains(staged.id), "and lists it")
      try session.remove(staged.id)
      try expect(try !session.contains(staged.id), "a staged removal hides it again")
      try session.save(staged)
    }
    try expect(try store.load(staged.id) == staged, "kept when the session returned")
    // Another thread's read session sees nothing of a write session until it returns.
    let other = try issue("other")
    let seen = Box<Bool?>(nil)
    try store.write { session in
      try session.save(other)
      let reader = TestThread {
        // A backend that locks makes this reader wait until the writer is done; one that snapshots
        // answers at once from the state before. Either way it must not see the staged issue.
        seen.value = try? store.contains(other.id)
      }
      reader.start()
      reader.wait(seconds: 0.2)
      if let early = seen.value, early {
        throw ContractViolation("a reader saw an issue a write session had only staged")
      }
    }
    try expect(try store.contains(other.id), "kept after the session")
  }

  static func eventsInTheUnit(_ store: any Store) throws {
    let made = try issue("made")
    let events = [event("issue.created", made.id), event("issue.updated", made.id)]
    try store.write { session in
      try session.save(made)
      try session.append(Array(events.prefix(1)))
      try session.append(Array(events.suffix(1)))
    }
    try expect(try store.allEvents() == events, "the unit's events are kept, in order")
    try store.write { _ in }
    try expect(try store.allEvents() == events, "an empty session appends nothing")
  }

  static func hooks(_ store: any Store) throws {
    let tracker = Tracker(store: store, clock: { clock.tick() })
    let human = try Actor(validating: "human:lead")
    var made: [Issue] = []
    for index in 0..<24 {
      let dependencies = index >= 3 ? [made[index / 3].id] : []
      let priority = Priority.allCases[index % Priority.allCases.count]
      made.append(
        try tracker.create(
          IssueDraft(
            title: "issue \(index)", priority: priority, gates: index % 5 == 0 ? [try GateKey("review")] : [],
            dependencies: dependencies), by: human))
    }
    _ = try tracker.claimNext(to: Actor(validating: "agent:a"))
    try store.read { session in
      let all = try session.loadAll()
      let plain = PlainReads(issues: all, registry: try session.gates())
      for issue in all.prefix(8) {
        try expect(try session.dependents(of: issue.id) == plain.dependents(of: issue.id), "dependents")
        try expect(try session.dependencies(of: issue.id) == plain.dependencies(of: issue.id), "dependencies")
        try expect(
          try session.ids(endingWith: issue.id.short) == plain.ids(endingWith: issue.id.short), "id suffixes")
      }
      try expect(try session.issues(requiring: "review") == plain.issues(requiring: "review"), "gate users")
      try expect(try session.edges() == plain.edges(), "edges")
      try expect(try session.statusSummary() == plain.statusSummary(), "status counts")
      for filter in ["", "priority:high|critical", "priority:low", "state:backlog"] {
        let parsed = filter.isEmpty ? IssueFilter() : try IssueFilter(parsing: filter)
        try expect(
          try session.claimCandidates(parsed, limit: 5) == plain.claimCandidates(parsed, limit: 5),
          "claim candidates for '\(filter)'")
      }
      let queries: [IssueQuery] = [
        .ready, .blocked, .states([.backlog, .inProgress]), .priority(.high),
        .assignee(try Actor(validating: "agent:a")),
      ]
      for query in queries {
        let gates = try session.gates()
        try expect(
          try session.query(query, gates: gates).map(\.id) == plain.query(query, gates: gates).map(\.id),
          "query \(query)")
      }
    }
  }

  static func claims(_ store: any Store) throws {
    let tracker = Tracker(store: store, clock: { clock.tick() })
    let human = try Actor(validating: "human:lead")
    let low = try tracker.create(IssueDraft(title: "low", priority: .low), by: human)
    let high = try tracker.create(IssueDraft(title: "high", priority: .high), by: human)
    let first = try tracker.claimNext(to: Actor(validating: "agent:a"))
    try expect(first.id == high.id, "claim-next takes the most urgent first")
    let refused = try thrown {
      _ = try tracker.claim(IssueReference(high.id), to: Actor(validating: "agent:b"))
    }
    try expect(refused?.code == .alreadyAssigned, "a second claimer is refused")
    let second = try tracker.claimNext(to: Actor(validating: "agent:b"))
    try expect(second.id == low.id, "then the next one")
    let none = try thrown { _ = try tracker.claimNext(to: Actor(validating: "agent:c")) }
    try expect(none?.code == .noReadyIssue, "NO_READY_ISSUE when nothing is left")
    try expect(
      try store.allEvents().filter { $0.event == "issue.claimed" }.count == 2, "one claim event per claim")
  }

  static func expect(_ condition: @autoclosure () throws -> Bool, _ what: String) throws {
    guard try condition() else { throw ContractViolation(what) }
  }

  static func thrown(_ body: () throws -> Void) throws -> JitError? {
    do {
      try body()
      return nil
    } catch let error as JitError {
      return error
    }
  }
}

/// What a backend got wrong.
public struct ContractViolation: Error, CustomStringConvertible {
  public var description: String
  public init(_ description: String) { self.description = "storage contract: " + description }
}

/// The default answers, computed from the plain reads alone: what every hook must equal.
struct PlainReads: ReadSession {
  let issues: [Issue]
  let registry: GateRegistry
  func allIDs() throws -> [IssueID] { issues.map(\.id).sorted() }
  func load(_ id: IssueID) throws -> Issue {
    guard let issue = issues.first(where: { $0.id == id }) else { throw JitError.issueNotFound(id.rawValue) }
    return issue
  }
  func loadAll() throws -> [Issue] { issues.sorted { $0.id < $1.id } }
  func gates() throws -> GateRegistry { registry }
  func events() throws -> EventLogContents { EventLogContents() }
  func lease(_ id: IssueID) throws -> Lease? { nil }
  func leases() throws -> [Lease] { [] }
}

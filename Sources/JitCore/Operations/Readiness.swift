/// A dependency that is not done yet.
public struct DependencyBlocker: Hashable, Sendable, Codable {
  public var id: IssueID
  public var title: String?
  /// The dependency's state, or `missing` if no such issue exists.
  public var state: String

  public init(id: IssueID, title: String?, state: String) {
    self.id = id
    self.title = title
    self.state = state
  }
}

/// A required gate that has not passed.
public struct GateBlocker: Hashable, Sendable, Codable {
  public var key: String
  public var status: GateState
  /// The gate's stage, or nil when the gate is missing from the registry.
  public var stage: GateStage?

  public init(key: String, status: GateState, stage: GateStage?) {
    self.key = key
    self.status = status
    self.stage = stage
  }
}

/// What stands between an issue and a state: dependencies not done, gates not passed.
public struct BlockingReasons: Hashable, Sendable, Codable {
  public var dependencies: [DependencyBlocker]
  /// Dependencies on other repositories' issues that are not done there, or whose state is
  /// `unknown` (written only when there are some).
  public var external: [ExternalStatus] = []
  public var gates: [GateBlocker]
  /// The hold that keeps the issue from ready, if it is held (written only then).
  public var hold: Hold?

  public init(dependencies: [DependencyBlocker] = [], gates: [GateBlocker] = [], hold: Hold? = nil) {
    self.dependencies = dependencies
    self.gates = gates
    self.hold = hold
  }

  public var isEmpty: Bool { dependencies.isEmpty && external.isEmpty && gates.isEmpty && hold == nil }

  enum CodingKeys: String, CodingKey { case dependencies, external, gates, hold }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    dependencies = try container.decode([DependencyBlocker].self, forKey: .dependencies)
    external = try container.decodeIfPresent([ExternalStatus].self, forKey: .external) ?? []
    gates = try container.decode([GateBlocker].self, forKey: .gates)
    hold = try container.decodeIfPresent(Hold.self, forKey: .hold)
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(dependencies, forKey: .dependencies)
    if !external.isEmpty { try container.encode(external, forKey: .external) }
    try container.encode(gates, forKey: .gates)
    try container.encodeIfPresent(hold, forKey: .hold)
  }

  /// One sentence for people, such as "waiting on 01ABCDEF (in_progress); gate review is pending".
  public var sentence: String {
    var parts: [String] = []
    if let hold { parts.append("held by \(hold.by): \(hold.reason)") }
    let waiting = dependencies.map { "\($0.id.short) (\($0.state))" } + external.map(\.sentence)
    if !waiting.isEmpty { parts.append("waiting on " + waiting.joined(separator: ", ")) }
    for gate in gates {
      let stage = gate.stage.map { "\($0.rawValue) " } ?? "undefined "
      parts.append("\(stage)gate \(gate.key) is \(gate.status.rawValue)")
    }
    return parts.joined(separator: "; ")
  }
}

/// Decides the derived states: `ready` when every dependency is done and every precheck gate has
/// passed, `backlog` otherwise; and what blocks `done`.
public struct ReadinessEvaluator {
  public let gates: GateRegistry
  private let lookup: (IssueID) throws -> Issue?
  /// The other repositories external dependencies name. Nil for the stores' own views (indexes,
  /// SQL, stored derived states), which leave external dependencies out: the application adds
  /// them, looked up live (`NoExternalRepositories` makes every one `unknown`, never satisfied).
  public let external: (any ExternalRepositories)?

  /// - Parameter lookup: finds a dependency by id (nil when it does not exist).
  public init(
    gates: GateRegistry, external: (any ExternalRepositories)? = nil,
    lookup: @escaping (IssueID) throws -> Issue?
  ) {
    self.gates = gates
    self.external = external
    self.lookup = lookup
  }

  /// Why the issue cannot be `ready`: dependencies not done (here and in other repositories, as
  /// they stand now), precheck gates not passed.
  public func blockersToReady(_ issue: Issue) throws -> BlockingReasons {
    var reasons = try localBlockersToReady(issue)
    reasons.external = externalBlockers(issue)
    return reasons
  }

  /// The same without the other repositories: what the stored derived state follows. An external
  /// issue changes without any write here, so its state is looked up live wherever readiness is
  /// decided (`blockers`, `isReadyToClaim`, a claim), never stored (docs/format.md).
  private func localBlockersToReady(_ issue: Issue) throws -> BlockingReasons {
    BlockingReasons(
      dependencies: try dependencyBlockers(issue), gates: gateBlockers(issue) { $0 == .precheck },
      hold: issue.hold)
  }

  /// The external dependencies that are not `done` in their repository (or are `unknown`).
  public func externalBlockers(_ issue: Issue) -> [ExternalStatus] {
    guard let external else { return [] }
    return issue.externalDependencies.compactMap { dependency in
      let status = external.status(of: dependency)
      return status.isSatisfied ? nil : status
    }
  }

  /// Why an open issue is blocked, or nil when it is not: its dependencies not done, and the gates
  /// that hold it at its stage (`BlockedQuery.gateBlocker`). This is the one definition that
  /// `jit query blocked` and `jit status` both use.
  public func blockers(_ issue: Issue) throws -> BlockingReasons? {
    guard issue.state.isOpen else { return nil }
    let gates = issue.gatesRequired.compactMap { key in
      BlockedQuery.gateBlocker(
        key: key, status: issue.gateStatus(key).status, issueState: issue.state, gates: self.gates)
    }
    var reasons = BlockingReasons(
      dependencies: try dependencyBlockers(issue), gates: gates,
      hold: issue.state.isDerived ? issue.hold : nil)
    reasons.external = externalBlockers(issue)
    return reasons.isEmpty ? nil : reasons
  }

  /// Whether anyone may claim the issue now: its file says `ready` and nobody holds it
  /// (`Issue.isClaimable`), and nothing blocks it as the other issues stand. After a merge or a hand
  /// edit a file may say `ready` while a dependency is no longer done: such an issue is in
  /// `query blocked`, never in `query ready`, and a claim refuses it. The index's SQL form
  /// (`state = 'ready' AND assignee IS NULL AND blocked = 0`) is tested against this one.
  public func isReadyToClaim(_ issue: Issue) throws -> Bool {
    guard issue.isClaimable else { return false }
    return try blockers(issue) == nil
  }

  /// Whether the issue's stored derived state (`backlog`/`ready`) contradicts its dependencies and
  /// precheck gates: what the next write corrects (`Tracker`'s re-derivation of stale states).
  public func hasStaleDerivedState(_ issue: Issue) throws -> Bool {
    guard issue.state.isDerived else { return false }
    return try derivedState(issue) != issue.state
  }

  /// The dependencies that are not done (`missing` when no such issue exists).
  private func dependencyBlockers(_ issue: Issue) throws -> [DependencyBlocker] {
    try issue.dependencies.compactMap { id in
      let dependency = try lookup(id)
      guard dependency?.state != .done else { return nil }
      return DependencyBlocker(
        id: id, title: dependency?.title, state: dependency?.state.rawValue ?? "missing")
    }
  }

  /// The required gates that have not passed, which hold the issue back from `done`.
  public func blockersToDone(_ issue: Issue) -> [GateBlocker] {
    gateBlockers(issue) { _ in true }
  }

  /// The state the issue should be in: derived states are recomputed, others are kept.
  public func derivedState(_ issue: Issue) throws -> IssueState {
    guard issue.state.isDerived else { return issue.state }
    return try localBlockersToReady(issue).isEmpty ? .ready : .backlog
  }

  private func gateBlockers(_ issue: Issue, where include: (GateStage) -> Bool) -> [GateBlocker] {
    issue.gatesRequired.compactMap { key in
      let stage = gates[key]?.stage
      guard include(stage ?? .postcheck) else { return nil }
      let status = issue.gateStatus(key).status
      return status == .passed ? nil : GateBlocker(key: key, status: status, stage: stage)
    }
  }
}

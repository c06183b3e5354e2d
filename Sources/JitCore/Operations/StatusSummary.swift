/// The counts `jit status` shows at a glance.
public struct StatusSummary: Hashable, Sendable, Codable {
  /// Every issue.
  public var total: Int
  /// How many issues are in each state (every state is present, zero or not).
  public var byState: [String: Int]
  /// Issues not done or archived.
  public var open: Int
  /// Open issues held back by a dependency that is not done or a precheck gate that has not passed.
  public var blocked: Int
  /// Issues that can be claimed now: state ready, unassigned, and not blocked (as `query ready`).
  public var ready: Int

  /// Counts made elsewhere (an index), which must equal `init(_:gates:)` over the same issues.
  public init(total: Int, byState: [String: Int], open: Int, blocked: Int, ready: Int) {
    self.total = total
    self.byState = byState
    self.open = open
    self.blocked = blocked
    self.ready = ready
  }

  /// Counts over `issues`, judging blockers with `gates` and the other issues (one pass, one map).
  public init(_ issues: [Issue], gates: GateRegistry) {
    var byID: [IssueID: Issue] = [:]
    byID.reserveCapacity(issues.count)
    for issue in issues { byID[issue.id] = issue }
    let evaluator = ReadinessEvaluator(gates: gates) { [byID] id in byID[id] }
    var byState = Dictionary(uniqueKeysWithValues: IssueState.allCases.map { ($0.rawValue, 0) })
    var open = 0
    var blocked = 0
    var ready = 0
    for issue in issues {
      byState[issue.state.rawValue, default: 0] += 1
      guard issue.state.isOpen else { continue }
      open += 1
      if (try? evaluator.blockers(issue)) != nil {
        blocked += 1
      } else if issue.isClaimable {
        ready += 1
      }
    }
    self.total = issues.count
    self.byState = byState
    self.open = open
    self.blocked = blocked
    self.ready = ready
  }

  enum CodingKeys: String, CodingKey {
    case total, open, blocked, ready
    case byState = "by_state"
  }
}

extension Tracker {
  /// The counts of `jit status`, read under the shared lock. An issue whose file says `ready`
  /// while a link to another repository is not done counts as `query ready` and `issue show` have
  /// it: blocked, and `backlog` (`Issue.shown(heldByLinks:)`).
  public func status() throws -> StatusSummary {
    try read { reader in
      var summary = try reader.session.statusSummary()
      guard external.namesRepositories else { return summary }
      let gates = try reader.session.gates()
      let held = try reader.readyHeldByLinks(gates: gates, readiness: try reader.readiness(gates: gates)).held
      summary.ready -= held.count
      summary.blocked += held.count
      summary.byState[IssueState.ready.rawValue, default: 0] -= held.count
      summary.byState[IssueState.backlog.rawValue, default: 0] += held.count
      return summary
    }
  }
}

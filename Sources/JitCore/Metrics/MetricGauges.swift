/// What the store holds right now, counted for `jit metrics export` and alert conditions: issues by
/// state and priority, ready and unassigned, blocked by reason, gate results by status, stalled
/// claims and the age of the oldest ready issue. An index answers it with a few queries
/// (`ReadSession.metricGauges(now:)`); the default counts over every issue.
public struct MetricGauges: Hashable, Sendable, Codable {
  /// Every issue, by state (every state present).
  public var issuesByState: [String: Int]
  /// Open issues (not done or archived), by priority (every priority present).
  public var openByPriority: [String: Int]
  /// Issues that can be claimed now (as `query ready`).
  public var ready: Int
  /// Open issues nobody is assigned.
  public var unassigned: Int
  /// Open issues held back by anything (as `query blocked`).
  public var blocked: Int
  /// Blocked issues with a dependency that is not done.
  public var blockedByDependency: Int
  /// Blocked issues with a gate that holds them at their stage.
  public var blockedByGate: Int
  /// Blocked issues with a hold (`issue release --hold`, attempts spent).
  public var held: Int
  /// Gate results required by open issues, by status (`pending`, `passed`, `failed`).
  public var openGatesByStatus: [String: Int]
  /// In-progress issues whose lease ran out (as `query stalled`).
  public var stalled: Int
  /// Seconds since the oldest claimable issue was created; 0 when none is ready.
  public var oldestReadyAgeSeconds: Double

  public init(
    issuesByState: [String: Int] = [:], openByPriority: [String: Int] = [:], ready: Int = 0,
    unassigned: Int = 0, blocked: Int = 0, blockedByDependency: Int = 0, blockedByGate: Int = 0,
    held: Int = 0, openGatesByStatus: [String: Int] = [:], stalled: Int = 0, oldestReadyAgeSeconds: Double = 0
  ) {
    self.issuesByState = Self.complete(issuesByState, IssueState.allCases.map(\.rawValue))
    self.openByPriority = Self.complete(openByPriority, Priority.allCases.map(\.rawValue))
    self.ready = ready
    self.unassigned = unassigned
    self.blocked = blocked
    self.blockedByDependency = blockedByDependency
    self.blockedByGate = blockedByGate
    self.held = held
    self.openGatesByStatus = Self.complete(openGatesByStatus, GateState.allCases.map(\.rawValue))
    self.stalled = stalled
    self.oldestReadyAgeSeconds = oldestReadyAgeSeconds
  }

  static func complete(_ counts: [String: Int], _ keys: [String]) -> [String: Int] {
    var counts = counts
    for key in keys where counts[key] == nil { counts[key] = 0 }
    return counts
  }

  /// Counts over `issues`, judging blockers with `gates` (the files' answer, which an index's must
  /// equal). `stalled` is left at 0: leases are not in the issues (the tracker fills it in).
  public init(_ issues: [Issue], gates: GateRegistry, now: Timestamp) {
    var byID: [IssueID: Issue] = [:]
    byID.reserveCapacity(issues.count)
    for issue in issues { byID[issue.id] = issue }
    let evaluator = ReadinessEvaluator(gates: gates) { [byID] id in byID[id] }
    var gauges = MetricGauges()
    var oldestReady: Int64?
    for issue in issues {
      gauges.issuesByState[issue.state.rawValue, default: 0] += 1
      guard issue.state.isOpen else { continue }
      gauges.openByPriority[issue.priority.rawValue, default: 0] += 1
      if issue.assignee == nil { gauges.unassigned += 1 }
      for key in issue.gatesRequired {
        gauges.openGatesByStatus[issue.gateStatus(key).status.rawValue, default: 0] += 1
      }
      if let reasons = (try? evaluator.blockers(issue)) ?? nil {
        gauges.blocked += 1
        if !reasons.dependencies.isEmpty { gauges.blockedByDependency += 1 }
        if !reasons.gates.isEmpty { gauges.blockedByGate += 1 }
        if reasons.hold != nil { gauges.held += 1 }
      } else if issue.isClaimable {
        gauges.ready += 1
        oldestReady = min(oldestReady ?? .max, issue.createdAt.millisecondsSince1970)
      }
    }
    if let oldestReady {
      gauges.oldestReadyAgeSeconds = max(0, Double(now.millisecondsSince1970 - oldestReady) / 1000)
    }
    self = gauges
  }

  enum CodingKeys: String, CodingKey {
    case ready, unassigned, blocked, held, stalled
    case issuesByState = "issues_by_state"
    case openByPriority = "open_by_priority"
    case blockedByDependency = "blocked_by_dependency"
    case blockedByGate = "blocked_by_gate"
    case openGatesByStatus = "open_gates_by_status"
    case oldestReadyAgeSeconds = "oldest_ready_age_seconds"
  }
}

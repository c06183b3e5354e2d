import JitCore

/// Every issue of the repository as one read session saw them, with what the pages need worked out
/// once: the board's columns in order, each open issue's blocking reasons, and how much open work
/// waits on each blocked issue. Pages render from a snapshot without touching the disk; the hub
/// (`DashboardHub`) makes a new one when the event log says something changed.
public struct DashboardSnapshot: Sendable {
  /// The states the board shows, in its order (archived work is not on the board).
  public static let boardStates: [IssueState] = [.backlog, .ready, .inProgress, .gated, .done]

  public let issues: [IssueID: Issue]
  public let gates: GateRegistry
  /// Issue ids by state: open states in work order, done work latest first.
  public let columns: [IssueState: [IssueID]]
  /// Every open issue something holds back, with its reasons.
  public let blockers: [IssueID: BlockingReasons]
  /// The blocked issues, most open work waiting on them first (then work order).
  public let blockedOrder: [IssueID]
  /// How many open issues wait on each blocked issue (and each open dependency a reason names),
  /// directly or through others.
  public let waiting: [IssueID: Int]
  /// Where the counts of `waiting` stop (a count this high means at least this many).
  public let waitingCap: Int
  /// Issues by the last 8 characters of their id (the short id), for finding what a user typed.
  let byShortID: [String: [IssueID]]
  /// The human inbox (see `inbox`), worked out once.
  public let inbox: [(issue: Issue, gates: [String])]
  /// Each issue's direct dependents.
  public let dependents: [IssueID: [IssueID]]
  /// When it was read.
  public let readAt: Timestamp

  public init(issues list: [Issue], gates: GateRegistry, readAt: Timestamp) {
    var issues: [IssueID: Issue] = [:]
    issues.reserveCapacity(list.count)
    for issue in list { issues[issue.id] = issue }
    self.issues = issues
    self.gates = gates
    self.readAt = readAt
    // Sorted as small keys, not whole issues (at 100,000 issues sorting `Issue` values took most
    // of a rebuild): open work by its work-order key, done and archived work latest first.
    var open: [IssueState: [WorkOrderKey]] = [:]
    var closed: [IssueState: [(updatedAt: Timestamp, id: IssueID)]] = [:]
    var dependents: [IssueID: [IssueID]] = [:]
    for issue in list {
      if issue.state == .done || issue.state == .archived {
        closed[issue.state, default: []].append((issue.updatedAt, issue.id))
      } else {
        open[issue.state, default: []].append(issue.workOrderKey)
      }
      for dependency in issue.dependencies { dependents[dependency, default: []].append(issue.id) }
    }
    self.dependents = dependents
    var ordered: [IssueState: [IssueID]] = [:]
    for (state, keys) in open { ordered[state] = keys.sorted().map(\.id) }
    for (state, keys) in closed {
      ordered[state] = keys.sorted { ($0.updatedAt, $0.id.rawValue) > ($1.updatedAt, $1.id.rawValue) }.map(
        \.id)
    }
    self.columns = ordered
    let evaluator = ReadinessEvaluator(gates: gates, lookup: { issues[$0] })
    var blockers: [IssueID: BlockingReasons] = [:]
    for issue in list where issue.state.isOpen {
      if let reasons = try? evaluator.blockers(issue) { blockers[issue.id] = reasons }
    }
    self.blockers = blockers
    // What waits on each blocked issue and on each open dependency a reason names: the page orders
    // the issues, and each issue's dependencies, by it.
    var roots = Set(blockers.keys)
    for reasons in blockers.values {
      for dependency in reasons.dependencies where issues[dependency.id]?.state.isOpen == true {
        roots.insert(dependency.id)
      }
    }
    waitingCap = OpenDownstream.cap(roots: roots.count)
    let waiting = OpenDownstream.counts(
      of: Array(roots), issues: issues, dependents: dependents, cap: waitingCap)
    self.waiting = waiting
    // Each blocked issue's count and work-order key taken once, then sorted (no lookups while
    // sorting).
    var blockedKeys: [(waiting: Int, key: WorkOrderKey)] = []
    blockedKeys.reserveCapacity(blockers.count)
    for id in blockers.keys {
      guard let issue = issues[id] else { continue }
      blockedKeys.append((waiting[id] ?? 0, issue.workOrderKey))
    }
    self.blockedOrder = blockedKeys.sorted { lhs, rhs in
      if lhs.waiting != rhs.waiting { return lhs.waiting > rhs.waiting }
      return lhs.key < rhs.key
    }.map(\.key.id)
    var byShortID: [String: [IssueID]] = [:]
    for id in issues.keys { byShortID[id.short, default: []].append(id) }
    self.byShortID = byShortID
    self.inbox = Self.inbox(columns: ordered, issues: issues, gates: gates)
  }

  /// The snapshot with some issues read again (`nil`: it is gone) and the registry perhaps changed.
  public func updating(_ changed: [IssueID: Issue?], gates: GateRegistry, readAt: Timestamp)
    -> DashboardSnapshot
  {
    var all = issues
    for (id, issue) in changed { all[id] = issue }
    return DashboardSnapshot(issues: Array(all.values), gates: gates, readAt: readAt)
  }

  /// How many issues in each state (archived included).
  public var counts: [IssueState: Int] { columns.mapValues(\.count) }

  /// Issues with a manual gate (one only a person may set) that has not passed and that holds
  /// the issue now: the human inbox, in work order.
  static func inbox(
    columns: [IssueState: [IssueID]], issues: [IssueID: Issue], gates: GateRegistry
  ) -> [(issue: Issue, gates: [String])] {
    var answer: [(issue: Issue, gates: [String])] = []
    for state in [IssueState.gated, .inProgress, .ready, .backlog] {
      for id in columns[state] ?? [] {
        guard let issue = issues[id] else { continue }
        let waiting = issue.gatesRequired.filter { key in
          guard let definition = gates[key], !definition.auto else { return false }
          guard issue.gatesStatus[key]?.status != .passed else { return false }
          return definition.stage == .precheck || issue.state == .gated
        }
        if !waiting.isEmpty { answer.append((issue, waiting)) }
      }
    }
    return answer
  }

  /// An issue by what a user typed: its id or a unique suffix of 4+ characters.
  public func find(_ text: String) -> Issue? {
    if let id = IssueID(text), let issue = issues[id] { return issue }
    let upper = text.uppercased()
    guard upper.count >= 4 else { return nil }
    if upper.count >= IssueID.shortLength {
      let candidates = (byShortID[String(upper.suffix(IssueID.shortLength))] ?? []).filter {
        $0.rawValue.hasSuffix(upper)
      }
      return candidates.count == 1 ? issues[candidates[0]] : nil
    }
    var found: Issue?
    for (id, issue) in issues where id.rawValue.hasSuffix(upper) {
      if found != nil { return nil }
      found = issue
    }
    return found
  }
}

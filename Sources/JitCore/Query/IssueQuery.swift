/// A question about the issues, as `jit query` asks it. Every answer is in work order: priority
/// (critical first), then age (oldest first), then id.
public enum IssueQuery: Hashable, Sendable {
  /// Issues in state `ready` that nobody holds and nothing blocks: the design's definition of work
  /// to take (`ReadinessEvaluator.isReadyToClaim`). Never one that `blocked` lists.
  case ready
  /// Open issues held back by a dependency that is not done or a gate that has not passed,
  /// each with its reasons (see `BlockedQuery`).
  case blocked
  /// Issues held by one actor.
  case assignee(Actor)
  /// Issues in any of these states.
  case states(Set<IssueState>)
  /// Issues of one priority.
  case priority(Priority)
  /// Issues that pass a filter (`jit issue list`).
  case filter(IssueFilter)
  /// Issues with no dependencies (`jit graph roots`), archived ones only if asked for.
  case roots(includeArchived: Bool)

  /// Whether an issue answers the question, for the questions that depend on the issue alone
  /// (all but `blocked`, which also depends on other issues; for `ready`, whether its file makes it
  /// a candidate, before its dependencies are looked at).
  public func matchesAlone(_ issue: Issue) -> Bool {
    switch self {
    case .ready: return issue.isClaimable
    case .blocked: return issue.state.isOpen
    case .assignee(let actor): return issue.assignee == actor
    case .states(let states): return states.contains(issue.state)
    case .priority(let priority): return issue.priority == priority
    case .filter(let filter): return filter.matches(issue)
    case .roots(let includeArchived):
      return issue.dependencies.isEmpty && (includeArchived || issue.state != .archived)
    }
  }
}

/// One issue in a query's answer: the columns people see, the issue's JSON as an element of the
/// answer's array, and for `blocked` the reasons.
public struct QueryRow: Sendable, Hashable {
  public var id: IssueID
  public var title: String
  public var state: IssueState
  public var priority: Priority
  public var assignee: String?
  public var createdAt: Timestamp
  /// The issue as `IssueJSON.element` renders it (without `blocked` fields).
  public var json: [UInt8]
  /// Why it is blocked; set for `blocked` answers only (or `blockedFields` and `sentence` instead).
  public var reasons: BlockingReasons?
  /// The `blocked` and `blocked_by` fields as `IssueJSON.blockedFields` renders them, when a store
  /// keeps them ready-made.
  public var blockedFields: [UInt8]?
  /// `reasons.sentence`, when a store keeps it ready-made.
  public var sentence: String?
  /// How many issues list this one among their dependencies, when a store keeps it ready-made
  /// (`graph roots` from an index).
  public var dependentCount: Int?

  /// Why it is blocked, in one sentence for people.
  public var blockedSentence: String? { sentence ?? reasons?.sentence }

  public init(
    id: IssueID, title: String, state: IssueState, priority: Priority, assignee: String?,
    createdAt: Timestamp, json: [UInt8], reasons: BlockingReasons? = nil
  ) {
    self.id = id
    self.title = title
    self.state = state
    self.priority = priority
    self.assignee = assignee
    self.createdAt = createdAt
    self.json = json
    self.reasons = reasons
  }

  /// The row of an issue, rendering its JSON.
  public init(_ issue: Issue, reasons: BlockingReasons? = nil) throws {
    self.init(
      id: issue.id, title: issue.title, state: issue.state, priority: issue.priority,
      assignee: issue.assignee?.description, createdAt: issue.createdAt, json: try IssueJSON.element(issue),
      reasons: reasons)
  }

}

/// The plain answers: pure functions over issue values, used by stores without an index and as
/// the reference the indexed answers are tested against.
public enum QueryEvaluator {
  /// Answers `query` over `issues` (all of them: `blocked` looks up dependencies among them).
  public static func evaluate(_ query: IssueQuery, over issues: [Issue], gates: GateRegistry) throws
    -> [QueryRow]
  {
    var rows: [QueryRow] = []
    if query == .blocked || query == .ready {
      var byID: [IssueID: Issue] = [:]
      for issue in issues { byID[issue.id] = issue }
      let evaluator = ReadinessEvaluator(gates: gates) { [byID] in byID[$0] }
      for issue in issues {
        if query == .ready {
          if try evaluator.isReadyToClaim(issue) { rows.append(try QueryRow(issue)) }
          continue
        }
        guard let reasons = try evaluator.blockers(issue) else { continue }
        rows.append(try QueryRow(issue, reasons: reasons))
      }
    } else {
      for issue in issues where query.matchesAlone(issue) { rows.append(try QueryRow(issue)) }
    }
    return rows.sorted(by: QueryRow.workOrder)
  }
}

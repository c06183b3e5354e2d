/// A filter over issues, written as terms `key:value|value` separated by spaces or commas:
/// `priority:high|critical state:ready assignee:none`. Terms with different keys must all hold;
/// the values of one key are alternatives.
public struct IssueFilter: Hashable, Sendable {
  public var states: Set<IssueState>?
  public var priorities: Set<Priority>?
  /// Assignees as written; `none` stands for unassigned.
  public var assignees: Set<String>?

  /// The keys a filter understands.
  public static let keys = ["priority", "state", "assignee"]

  public init(states: Set<IssueState>? = nil, priorities: Set<Priority>? = nil, assignees: Set<String>? = nil)
  {
    self.states = states
    self.priorities = priorities
    self.assignees = assignees
  }

  /// Parses a filter expression. Unknown keys and values are `INVALID_FILTER`, never ignored.
  public init(parsing expression: String) throws {
    self.init()
    let terms = expression.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" })
    // An empty filter would match every issue: an agent whose $FILTER is unset must not take work
    // outside its remit. Leaving the filter out is how to ask for anything.
    guard !terms.isEmpty else {
      throw Self.error("the filter is empty: leave it out to match every issue, or write key:value terms")
    }
    for term in terms {
      guard let colon = term.firstIndex(of: ":") else {
        throw Self.error("'\(term)' is not a filter term: write key:value, such as priority:high|critical")
      }
      let key = term[..<colon].lowercased()
      let values = term[term.index(after: colon)...].split(separator: "|", omittingEmptySubsequences: false)
        .map(String.init)
      guard values != [""] else { throw Self.error("filter term '\(term)' has no value") }
      guard !values.contains("") else {
        throw Self.error("filter term '\(term)' has an empty alternative (a '|' with nothing on one side)")
      }
      switch key {
      case "priority":
        priorities = try Set(
          values.map { value in
            guard let priority = Priority(name: value) else {
              throw Self.error("unknown priority '\(value)' (use low, normal, high or critical)")
            }
            return priority
          })
      case "state":
        states = try Set(values.flatMap(Self.parseStates))
      case "assignee":
        // A bare name is an agent, as everywhere an actor is typed.
        assignees = Set(
          try values.map { value in
            value.lowercased() == "none" ? "none" : try Actor(validating: value).description
          })
      default:
        throw Self.error("unknown filter key '\(key)' (use \(Self.keys.joined(separator: ", ")))")
      }
    }
  }

  /// A state name, or `open` (every state but done and archived).
  public static func parseStates(_ name: String) throws -> [IssueState] {
    if name.lowercased() == "open" { return IssueState.allCases.filter(\.isOpen) }
    if name.lowercased() == "blocked" {
      throw error(
        "'blocked' is not a stored state: it is derived from dependencies and gates (see 'jit query blocked')"
      )
    }
    guard let state = IssueState(name: name) else {
      throw error(
        "unknown state '\(name)' (use open or one of "
          + IssueState.allCases.map(\.rawValue).joined(separator: ", ") + ")")
    }
    return [state]
  }

  /// Whether an issue passes the filter.
  public func matches(_ issue: Issue) -> Bool {
    if let states, !states.contains(issue.state) { return false }
    if let priorities, !priorities.contains(issue.priority) { return false }
    if let assignees {
      let name = issue.assignee?.description ?? "none"
      if !assignees.contains(name) { return false }
    }
    return true
  }

  private static func error(_ message: String) -> JitError {
    JitError(.invalidFilter, message)
  }
}

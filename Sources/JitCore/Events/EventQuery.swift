/// A search over the event log. Every criterion that is set must hold (AND); the values of one
/// criterion are alternatives (OR).
public struct EventQuery: Sendable, Hashable {
  /// Only events at or after this moment.
  public var since: Timestamp?
  /// Only events at or before this moment.
  public var until: Timestamp?
  /// Only these event names (`gate.failed`, ...); empty: any.
  public var kinds: Set<String>
  /// Only events whose `assignee` field names one of these actors.
  public var assignees: [ActorPattern]
  /// Only events by one of these actors.
  public var actors: [ActorPattern]
  /// Only events about an issue whose id ends with one of these (upper-cased) references.
  public var issues: [IssueReference]

  public init(
    since: Timestamp? = nil, until: Timestamp? = nil, kinds: Set<String> = [], assignees: [ActorPattern] = [],
    actors: [ActorPattern] = [], issues: [IssueReference] = []
  ) {
    self.since = since
    self.until = until
    self.kinds = kinds
    self.assignees = assignees
    self.actors = actors
    self.issues = issues
  }

  /// Whether an event passes every criterion.
  public func matches(_ event: Event) -> Bool {
    if let since, event.ts < since { return false }
    if let until, event.ts > until { return false }
    if !kinds.isEmpty && !kinds.contains(event.event) { return false }
    if !issues.isEmpty {
      guard let id = event.issueID, issues.contains(where: { $0.matches(id) }) else { return false }
    }
    if !actors.isEmpty {
      guard let actor = event.actor, actors.contains(where: { $0.matches(actor.description) }) else {
        return false
      }
    }
    if !assignees.isEmpty {
      guard let assignee = event.fields["assignee"]?.stringValue,
        assignees.contains(where: { $0.matches(assignee) })
      else { return false }
    }
    return true
  }

  /// The events that match, in log order.
  public func filter(_ events: [Event]) -> [Event] { events.filter(matches) }
}

/// An actor as a filter: `type:identifier` matches exactly; a bare identifier (`copilot-1`) matches
/// that identifier under any type.
public struct ActorPattern: Sendable, Hashable, CustomStringConvertible {
  public let text: String
  private let exact: Bool

  /// `INVALID_ACTOR` for anything that is neither an actor nor a bare identifier.
  public init(_ text: String) throws {
    if Actor(text) != nil {
      exact = true
    } else if !text.contains(":"), Actor("any:" + text) != nil {
      exact = false
    } else {
      throw JitError.invalidActor(text)
    }
    self.text = text
  }

  public var description: String { text }

  /// Whether an actor written `type:identifier` is matched.
  public func matches(_ actor: String) -> Bool {
    if exact { return actor == text }
    guard let colon = actor.firstIndex(of: ":") else { return false }
    return actor[actor.index(after: colon)...] == text
  }
}

/// Parses the moments users give `--since` and `--until`.
public enum TimeExpression {
  /// `30s`, `30m`, `1h`, `2d`, `1w` (that long before `now`), an ISO 8601 UTC timestamp
  /// (`2025-11-27T19:00:00Z`), or a date (`2025-11-27`, midnight UTC). `INVALID_ARGUMENT` otherwise.
  public static func parse(_ text: String, now: Timestamp) throws -> Timestamp {
    let trimmed = text.trimmingWhitespace()
    if let unit = trimmed.last, let multiplier = milliseconds(unit),
      let count = Int64(trimmed.dropLast()), count >= 0, count < 1_000_000
    {
      return now.adding(milliseconds: -count * multiplier)
    }
    if let moment = Timestamp(iso8601: trimmed) { return moment }
    if trimmed.utf8.count == 10, let moment = Timestamp(iso8601: trimmed + "T00:00:00Z") { return moment }
    throw JitError.invalidArgument(
      "'\(text)' is not a time: use a duration such as 30m, 1h, 2d or 1w (that long ago), or a UTC "
        + "timestamp such as 2025-11-27T19:00:00Z or a date such as 2025-11-27",
      details: ["input": .string(text)])
  }

  private static func milliseconds(_ unit: Character) -> Int64? {
    switch unit {
    case "s": return 1000
    case "m": return 60_000
    case "h": return 3_600_000
    case "d": return 86_400_000
    case "w": return 604_800_000
    default: return nil
    }
  }
}

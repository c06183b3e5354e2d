import JitCore

/// An event search as a front end received it: times and actors as typed, not yet parsed.
public struct EventSearch: Sendable, Hashable {
  /// A duration ago (`30m`, `2d`), a UTC timestamp or a date.
  public var since: String?
  /// Like `since`: only events at or before this time.
  public var until: String?
  /// Event kinds such as `gate.failed`; each must be a known kind.
  public var kinds: [String]
  /// Actors (`type:identifier`, or a bare identifier for any type).
  public var assignees: [String]
  /// Only events by these actors.
  public var actors: [String]
  /// Issues: ids or suffixes of 4+ characters, resolved against the log.
  public var issues: [String]
  /// Only the last this many matches (0 or more).
  public var limit: Int?

  /// A search with every criterion given (empty ones match anything).
  public init(
    since: String? = nil, until: String? = nil, kinds: [String] = [], assignees: [String] = [],
    actors: [String] = [], issues: [String] = [], limit: Int? = nil
  ) {
    self.since = since
    self.until = until
    self.kinds = kinds
    self.assignees = assignees
    self.actors = actors
    self.issues = issues
    self.limit = limit
  }
}

import JitCore

/// What an event search found.
public struct EventSearchResult: Sendable {
  /// The matches, oldest first.
  public var events: [Event]
  /// The lines of the log that did not parse: 1-based line number and why.
  public var malformed: [(line: Int, reason: String)]
  /// The log's path relative to the repository root, for messages.
  public var path: String
}

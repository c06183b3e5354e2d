/// The append-only audit trail.
public protocol EventLog: Sendable {
  /// Appends events, in order, after the data change they record.
  func append(_ events: [Event]) throws
  /// Every event, oldest first. Lines that do not parse are returned in `malformed`.
  func readAll() throws -> EventLogContents
}

/// What an event log holds: the events that parse, and the lines that do not.
public struct EventLogContents: Sendable {
  public var events: [Event]
  /// Malformed lines: 1-based line number and the reason.
  public var malformed: [(line: Int, reason: String)]

  public init(events: [Event] = [], malformed: [(line: Int, reason: String)] = []) {
    self.events = events
    self.malformed = malformed
  }
}

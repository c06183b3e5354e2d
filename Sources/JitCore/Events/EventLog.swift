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

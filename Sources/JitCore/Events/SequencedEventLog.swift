/// An event log a store keeps itself, numbered by a sequence (the PostgreSQL store's `jit_events`),
/// rather than `.jit/events.jsonl`: what `events query`, `events tail` and `EventFollower` read
/// for such a store. Readers go by sequence number, so a wake-up that is lost loses nothing.
public protocol SequencedEventLog: Sendable {
  /// The events numbered after `sequence`, oldest first, and the last number read (`sequence`
  /// when there are none).
  func events(after sequence: Int64) throws -> (contents: EventLogContents, last: Int64)
  /// Every line of the log as it is stored (the bytes a file would hold, without the newline),
  /// oldest first, for readers that scan fields rather than decode events (`metrics`).
  func eachEventLine(_ body: (ArraySlice<UInt8>) throws -> Void) throws
  /// Something to wait on until new events may have been appended.
  func makeWaiter() throws -> any EventWaiter
  /// Where the log is, for messages (`postgresql:jit_events`).
  var eventLogName: String { get }
}

/// Waits for a store's notice that events were appended (`LISTEN`).
public protocol EventWaiter: Sendable {
  /// Returns when events may have been appended, or after `timeout`.
  func wait(timeout: Duration) throws
}

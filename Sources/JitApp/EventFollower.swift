import JitCore
import JitSystem

/// Follows the event log as other processes append to it, like `tail -f`: an `AsyncSequence` of
/// batches, the first holding the last `lastLines` events already there, each later one the
/// events appended since (polled every `interval`; batches with nothing in them are not yielded).
/// If the file is replaced or truncated it is read again from the top (`restarted`), without
/// yielding events twice.
///
/// It ends when the task iterating it is cancelled, within one `interval`; it installs no signal
/// handler, so a server stops it by cancelling and a command line decides for itself what a
/// signal means. Each poll reads the file on a thread of its own (`BlockingWork`), never on the
/// cooperative pool.
///
/// A synchronous caller polls with `poll()` instead, sleeping between polls as it sees fit.
public struct EventFollower: AsyncSequence, Sendable {
  /// One poll's worth: events, malformed lines, and whether the file was read again from the top.
  public typealias Element = EventLogCursor.Batch

  /// The log followed.
  public let path: String
  /// How many of the latest events the first batch holds.
  public let lastLines: Int
  /// How long to wait between polls.
  public let interval: Duration
  private var cursor: EventLogCursor
  private var started = false
  /// A store's own log, read by sequence number instead of the file (the PostgreSQL store).
  private var sequenced: (any SequencedEventLog)?
  private var sequence: Int64 = 0
  private var waiter: (any EventWaiter)?

  /// A follower of the log at `path`.
  public init(path: String, lastLines: Int = 0, interval: Duration = .milliseconds(100)) {
    self.path = path
    self.lastLines = Swift.max(0, lastLines)
    self.interval = interval
    self.cursor = EventLogCursor(path: path)
  }

  /// A follower of a store's own log (`SequencedEventLog`): it reads by sequence number and, in
  /// `wait`, wakes on the store's notices (`LISTEN/NOTIFY`), so a lost notice delays nothing past
  /// the wait's timeout and loses nothing.
  public init(log: any SequencedEventLog, lastLines: Int = 0, interval: Duration = .milliseconds(100)) {
    self.init(path: log.eventLogName, lastLines: lastLines, interval: interval)
    self.sequenced = log
  }

  /// Waits up to `timeout` for more events: sleeps for a file, waits for a notice for a store.
  public mutating func wait(timeout: Duration) throws {
    guard let sequenced else {
      let microseconds =
        timeout.components.seconds * 1_000_000 + timeout.components.attoseconds / 1_000_000_000_000
      usleep(UInt32(clamping: microseconds))
      return
    }
    if waiter == nil { waiter = try sequenced.makeWaiter() }
    // A notice ends the wait at once; without one (none came, or it was lost) the next read by
    // sequence number still finds everything.
    try waiter?.wait(timeout: Swift.max(timeout, .seconds(1)))
  }

  /// The next batch: on the first call the last `lastLines` events, then whatever was appended
  /// since the previous call (possibly nothing).
  public mutating func poll() throws -> Element {
    if let sequenced {
      if !started && waiter == nil { waiter = try sequenced.makeWaiter() }  // before the read: none missed
      let (contents, last) = try sequenced.events(after: sequence)
      sequence = last
      var batch = Element()
      batch.events = started ? contents.events : Array(contents.events.suffix(lastLines))
      batch.malformed = contents.malformed
      started = true
      return batch
    }
    guard started else {
      started = true
      var batch = try cursor.poll(lastLines: lastLines)
      batch.events = Array(batch.events.suffix(lastLines))
      return batch
    }
    return try cursor.poll()
  }

  /// An iterator that starts where this follower stands.
  public func makeAsyncIterator() -> Iterator { Iterator(follower: self) }

  /// Iterates a follower; see `EventFollower`.
  public struct Iterator: AsyncIteratorProtocol {
    var follower: EventFollower
    var first = true

    /// The next batch with something in it; nil once the task is cancelled.
    public mutating func next() async throws -> Element? {
      if first {
        first = false
        if Task.isCancelled { return nil }
        return try await poll()
      }
      while !Task.isCancelled {
        do { try await Task.sleep(for: follower.interval) } catch { return nil }
        let batch = try await poll()
        if !batch.events.isEmpty || !batch.malformed.isEmpty || batch.restarted { return batch }
      }
      return nil
    }

    private mutating func poll() async throws -> Element {
      let current = follower
      let (next, batch) = try await BlockingWork.run {
        var follower = current
        let batch = try follower.poll()
        return (follower, batch)
      }
      follower = next
      return batch
    }
  }
}

import JitApp
import JitCore

/// The dashboard's state, shared by every request: the latest `DashboardSnapshot`, the recent
/// events (for the feed and for Server-Sent Events resuming from a `Last-Event-ID`), each issue's
/// history, counts per day, and the live subscribers. `follow()` keeps it current from the event
/// log, which every process that changes the tracker appends to, so a claim made in another
/// terminal reaches the pages within one poll.
public actor DashboardHub {
  /// Events kept for the feed and for resuming streams.
  public static let recentLimit = 2_000
  /// Events kept per issue for its page.
  public static let historyLimit = 50

  public let application: JitApplication
  public private(set) var snapshot: DashboardSnapshot
  public private(set) var recent: [Event] = []
  private var history: [IssueID: [Event]] = [:]
  /// Per day (`2026-12-01`): how many issues were created, claimed, completed, and gate failures.
  public private(set) var daily: [String: DayCounts] = [:]
  public private(set) var eventsRead = 0
  private var subscribers: [Int: AsyncStream<StreamItem>.Continuation] = [:]
  private var nextSubscriber = 0
  private var follower: EventFollower
  private var closed = false

  /// Reads every issue, the registry and the whole event log once.
  public init(application: JitApplication, pollInterval: Duration = .milliseconds(200)) async throws {
    self.application = application
    self.snapshot = try await Self.read(application)
    let start = application.follower(lastLines: 10_000_000, interval: pollInterval)
    let (after, batch) = try await application.run { _ in
      var reading = start
      let batch = try reading.poll()
      return (reading, batch)
    }
    self.follower = after
    for event in batch.events { remember(event) }
  }

  static func read(_ application: JitApplication) async throws -> DashboardSnapshot {
    try await application.run { app in
      try app.tracker.read { reader in
        let issues = try reader.session.loadAll()
        let gates = try reader.session.gates()
        return DashboardSnapshot(issues: issues, gates: gates, readAt: app.tracker.clock())
      }
    }
  }

  /// Follows the event log until the task is cancelled (or `close()`), bringing the snapshot up
  /// to date after each batch and telling every subscriber.
  public func follow() async {
    var iterator = follower.makeAsyncIterator()
    while !closed && !Task.isCancelled {
      do {
        guard let batch = try await iterator.next() else { break }
        await ingest(batch)
      } catch {
        // The log could not be read this time (a rename in progress, a full disk): try again.
        try? await Task.sleep(for: .milliseconds(500))
      }
    }
    close()
  }

  /// Takes a batch of new events: the issues they name are read again (everything when the log
  /// was replaced or many issues changed), then the events go to the subscribers.
  func ingest(_ batch: EventLogCursor.Batch) async {
    let ids = Set(batch.events.compactMap(\.issueID))
    let registryChanged = batch.events.contains { $0.event == "gate.defined" || $0.event == "gate.undefined" }
    do {
      if batch.restarted || ids.count > 500 {
        snapshot = try await Self.read(application)
      } else if !ids.isEmpty || registryChanged {
        let current = snapshot
        snapshot = try await application.run { app in
          try app.tracker.read { reader in
            var changed: [IssueID: Issue?] = [:]
            for id in ids { changed[id] = try reader.session.find(id) }
            let gates = registryChanged ? try reader.session.gates() : current.gates
            return current.updating(changed, gates: gates, readAt: app.tracker.clock())
          }
        }
      }
    } catch {
      // Keep the last good snapshot; the next batch tries again.
    }
    for event in batch.events {
      remember(event)
      for continuation in subscribers.values { continuation.yield(.event(event)) }
    }
  }

  private func remember(_ event: Event) {
    eventsRead += 1
    recent.append(event)
    if recent.count > Self.recentLimit + Self.recentLimit / 4 {
      recent.removeFirst(recent.count - Self.recentLimit)
    }
    if let id = event.issueID {
      var list = history[id, default: []]
      list.append(event)
      if list.count > Self.historyLimit { list.removeFirst(list.count - Self.historyLimit) }
      history[id] = list
    }
    let day = String(event.ts.description.prefix(10))
    var counts = daily[day, default: DayCounts()]
    switch event.event {
    case "issue.created": counts.created += 1
    case "issue.claimed": counts.claimed += 1
    case "issue.completed": counts.completed += 1
    case "gate.failed", "gate.check_failed": counts.gateFailures += 1
    default: break
    }
    counts.events += 1
    daily[day] = counts
  }

  /// An issue's latest events, oldest first.
  public func history(of id: IssueID) -> [Event] { history[id] ?? [] }

  /// A stream of the events after `lastEventID`: those still kept are replayed first; `reset` is
  /// true when that event is no longer kept (or unknown), so the client should reload instead.
  public func subscribe(after lastEventID: String?) -> (
    replay: [Event], reset: Bool, id: Int, stream: AsyncStream<StreamItem>
  ) {
    var replay: [Event] = []
    var reset = false
    if let lastEventID, !lastEventID.isEmpty {
      if let index = recent.lastIndex(where: { $0.eventID == lastEventID }) {
        replay = Array(recent[(index + 1)...])
      } else {
        reset = true
      }
    }
    let (stream, continuation) = AsyncStream<StreamItem>.makeStream(bufferingPolicy: .bufferingNewest(1_000))
    let id = nextSubscriber
    nextSubscriber += 1
    if closed {
      continuation.finish()
    } else {
      subscribers[id] = continuation
    }
    return (replay, reset, id, stream)
  }

  public func unsubscribe(_ id: Int) { subscribers.removeValue(forKey: id)?.finish() }

  public var subscriberCount: Int { subscribers.count }

  /// Tells every stream that the server is alive (a comment line), so that idle connections and
  /// proxies keep them open.
  public func heartbeat() {
    for continuation in subscribers.values { continuation.yield(.heartbeat) }
  }

  /// Ends every stream (graceful shutdown).
  public func close() {
    closed = true
    for continuation in subscribers.values { continuation.finish() }
    subscribers = [:]
  }
}

/// What a live stream carries: an event, or a keep-alive.
public enum StreamItem: Sendable {
  case event(Event)
  case heartbeat
}

/// One day's counts on the metrics page.
public struct DayCounts: Sendable, Hashable {
  public var created = 0
  public var claimed = 0
  public var completed = 0
  public var gateFailures = 0
  public var events = 0
}

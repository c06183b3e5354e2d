import FoundationEssentials
import JitCore

extension JitApplication {
  /// The metrics as of now: the store's gauges (from the index's aggregates) and the event log's
  /// counters (from `.jit/run/metrics/counters.json`, brought up to date with the lines appended
  /// since it was written).
  public func metricsSnapshot() throws -> MetricsSnapshot {
    let now = tracker.clock()
    let gauges = try store.read { session in
      var gauges = try session.metricGauges(now: now)
      // Stalled: a lease that ran out on the claim it belongs to (leases are few: only `--lease`).
      gauges.stalled = try session.leases().filter { lease in
        guard lease.hasExpired(at: now), let issue = try? session.load(lease.id) else { return false }
        return lease.belongs(to: issue)
      }.count
      return gauges
    }
    guard store is any SequencedEventLog else {
      return MetricsSnapshot(gauges: gauges, counters: try MetricsCounterCache.update(layout))
    }
    // A store with a log of its own (PostgreSQL) is counted from its first event, every time.
    var counters = EventCounters()
    try eachEvent { fields in
      if let fields { counters.consume(fields) } else { counters.malformedLines += 1 }
    }
    return MetricsSnapshot(gauges: gauges, counters: counters)
  }

  /// `metrics export --prometheus`: the exposition text; with `output`, written atomically there
  /// (a temporary file beside it, then a rename: what node_exporter's textfile collector needs).
  public func exportMetrics(to output: String? = nil) throws -> String {
    let text = try metricsSnapshot().prometheus()
    if let output { try Self.writeOutput(Array(text.utf8), to: output) }
    return text
  }

  /// `metrics report --output`: the rendered report, written atomically.
  public func writeReport(_ bytes: [UInt8], to path: String) throws { try Self.writeOutput(bytes, to: path) }

  /// Writes a command's `--output` file atomically; `IO_ERROR` naming the path when it cannot.
  static func writeOutput(_ bytes: [UInt8], to path: String) throws {
    guard !FileSystem.isDirectory(path) else {
      throw JitError.io("is a directory", path: path)
    }
    // Said of the path asked for, not of the temporary file beside it that could not be made.
    let parent = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
    guard parent.isEmpty || FileSystem.isDirectory(parent) else {
      throw JitError.io("its folder \(parent) does not exist", path: path)
    }
    try FileSystem.writeAtomically(bytes, to: path)
  }
}

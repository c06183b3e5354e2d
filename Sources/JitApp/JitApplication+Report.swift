import FoundationEssentials
import JitCore
import JitSystem

/// What `metrics report` computed: its columns and rows, ready to render as CSV or JSON.
public struct MetricsReportResult: Sendable {
  public var grouping: MetricsReport.Grouping
  public var columns: [String]
  public var rows: [[MetricsReport.Cell]]
  /// Event lines read (in the time range) and lines that are not events.
  public var eventsRead: Int
  public var malformedLines: Int

  public var csv: String { MetricsReport.csv(columns, rows) }
  public var json: JSONValue { MetricsReport.json(columns, rows) }
}

extension JitApplication {
  /// `metrics report`: one streaming pass over `.jit/events.jsonl`, 8 MiB at a time, folding each
  /// line into `MetricsReport` (so memory grows with issues, days and assignees, not with events).
  /// `since` and `until` take what `events query` takes (an ISO time, `2h`, `3d`, `today`...).
  public func metricsReport(by grouping: String = "issue", since: String? = nil, until: String? = nil) throws
    -> MetricsReportResult
  {
    guard let grouping = MetricsReport.Grouping(rawValue: grouping) else {
      throw JitError.invalidArgument(
        "--by takes issue, day or assignee, not '\(grouping)'", details: ["by": .string(grouping)])
    }
    let now = tracker.clock()
    let from = try since.map { try TimeExpression.parse($0, now: now) }
    let to = try until.map { try TimeExpression.parse($0, now: now) }
    if let from, let to, to < from {
      throw JitError.invalidArgument(
        "--until (\(to)) is before --since (\(from))",
        details: ["since": .string(from.description), "until": .string(to.description)])
    }
    var report = MetricsReport(grouping: grouping, since: from, until: to)
    try eachEvent { fields in
      if let fields { report.consume(fields) } else { report.countMalformed() }
    }
    return MetricsReportResult(
      grouping: grouping, columns: MetricsReport.columns(grouping), rows: report.rows(),
      eventsRead: report.eventsRead, malformedLines: report.malformedLines)
  }

  /// The fields of every event of the repository's log: the file's (`eachEvent(of:)`), or the
  /// lines of a store with a log of its own (PostgreSQL's `jit_events`, in sequence order).
  func eachEvent(_ body: (EventLineFields?) -> Void) throws {
    guard let sequenced = store as? any SequencedEventLog else { return try Self.eachEvent(of: layout, body) }
    try sequenced.eachEventLine { line in body(EventLineFields.parse(line)) }
  }

  /// The fields of every complete line of the event log, read in chunks (nil for a line that is not
  /// an event; blank lines and a repeated `event_id` are passed over).
  static func eachEvent(of layout: RepositoryLayout, _ body: (EventLineFields?) -> Void) throws {
    let log = layout.eventsFile
    var info = stat()
    guard stat(log, &info) == 0 else {
      if errno == ENOENT { return }
      throw JitError.io(String(cString: strerror(errno)), path: log)
    }
    let size = Int(info.st_size)
    let roots = [layout.rootDirectory, layout.jitDirectory]
    var seen = Set<UInt64>()
    var carry: [UInt8] = []
    var position = 0
    while position < size {
      let bytes = try FileSystem.read(
        log, from: position, count: min(8 << 20, size - position), confinedTo: roots)
      if bytes.isEmpty { break }
      position += bytes.count
      carry += bytes
      guard let last = carry.lastIndex(of: 10) else { continue }
      var start = 0
      while start <= last, let newline = carry[start...last].firstIndex(of: 10) {
        let line = carry[start..<newline]
        start = newline + 1
        if line.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 13 }) { continue }
        guard let fields = EventLineFields.parse(line) else {
          body(nil)
          continue
        }
        if !fields.eventID.isEmpty && !seen.insert(MetricsCounterCache.hash(fields.eventID)).inserted {
          continue
        }
        body(fields)
      }
      carry.removeSubrange(...last)
    }
  }

}

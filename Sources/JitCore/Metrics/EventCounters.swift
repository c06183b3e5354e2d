/// The counters and histograms derived from the append-only event log, folded one line at a time:
/// events by kind, claims, reclaims, completions, gate results, gate checks and their durations,
/// lead time (created to done: the issue id's own ULID time is its creation) and cycle time (first
/// claim to done). Only ever grows, so Prometheus' `rate()` works across runs; `MetricsCounterCache`
/// keeps it between runs with the byte offset it reached.
public struct EventCounters: Hashable, Sendable, Codable {
  /// Events by kind; kinds past `kindLimit` distinct ones, or not shaped `namespace.name`, count as
  /// `other`, so a label never takes unbounded values.
  public var eventsByKind: [String: Int] = [:]
  public var claims = 0
  public var reclaims = 0
  public var completions = 0
  /// `gate.passed` / `gate.failed` events, by `passed` / `failed`.
  public var gateResults: [String: Int] = ["passed": 0, "failed": 0]
  /// `gate.checked` events by their result (`passed`, `failed`, `error`).
  public var gateChecks: [String: Int] = ["passed": 0, "failed": 0, "error": 0]
  public var gateCheckDuration = Histogram(bounds: Histogram.checkTimeBounds)
  public var leadTime = Histogram(bounds: Histogram.workTimeBounds)
  public var cycleTime = Histogram(bounds: Histogram.workTimeBounds)
  /// Lines that are not events.
  public var malformedLines = 0
  /// When each issue not yet done was first claimed (ms): what its cycle time will start from.
  /// Bounded by the work in flight; an entry goes when the issue is done or deleted.
  public var firstClaims: [String: Int64] = [:]

  public static let kindLimit = 64

  public init() {}

  /// Folds one line of the log (without its newline); blank lines count for nothing.
  public mutating func consume(_ line: ArraySlice<UInt8>) {
    if line.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 13 }) { return }
    guard let fields = EventLineFields.parse(line) else {
      malformedLines += 1
      return
    }
    consume(fields)
  }

  public mutating func consume(_ fields: EventLineFields) {
    eventsByKind[label(fields.event), default: 0] += 1
    switch fields.event {
    case "issue.claimed":
      claims += 1
      if let issue = fields.issue, firstClaims[issue] == nil { firstClaims[issue] = fields.ts }
    case "issue.reclaimed": reclaims += 1
    case "issue.deleted": if let issue = fields.issue { firstClaims[issue] = nil }
    case "issue.state_changed" where fields.to == "done":
      completions += 1
      guard let issue = fields.issue else { return }
      if let created = ULIDTime.milliseconds(issue) { leadTime.observe(Double(fields.ts - created) / 1000) }
      if let claimed = firstClaims.removeValue(forKey: issue) {
        cycleTime.observe(Double(fields.ts - claimed) / 1000)
      }
    case "gate.passed": gateResults["passed", default: 0] += 1
    case "gate.failed": gateResults["failed", default: 0] += 1
    case "gate.checked":
      let result =
        ["passed", "failed", "error"].contains(fields.result ?? "") ? fields.result ?? "" : "error"
      gateChecks[result, default: 0] += 1
      if let ms = fields.durationMs { gateCheckDuration.observe(Double(ms) / 1000) }
    default: break
    }
  }

  /// The label an event kind is counted under.
  func label(_ kind: String) -> String {
    if eventsByKind[kind] != nil { return kind }
    let valid =
      kind.utf8.count <= 64 && kind.contains(".")
      && kind.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || $0 == 46 || $0 == 95 || ($0 >= 48 && $0 <= 57) }
    return valid && eventsByKind.count < Self.kindLimit ? kind : "other"
  }

  enum CodingKeys: String, CodingKey {
    case claims, reclaims, completions
    case eventsByKind = "events_by_kind"
    case gateResults = "gate_results"
    case gateChecks = "gate_checks"
    case gateCheckDuration = "gate_check_duration"
    case leadTime = "lead_time"
    case cycleTime = "cycle_time"
    case malformedLines = "malformed_lines"
    case firstClaims = "first_claims"
  }
}

/// The time a ULID was made: its first ten characters are 48 bits of milliseconds.
public enum ULIDTime {
  public static func milliseconds(_ id: String) -> Int64? {
    let bytes = Array(id.utf8)
    guard bytes.count == 26 else { return nil }
    var value: Int64 = 0
    for byte in bytes[0..<10] {
      guard let digit = Crockford.value(of: byte) else { return nil }
      value = value << 5 | Int64(digit)
    }
    return value
  }
}

/// `jit metrics report`: rows computed in one pass over the event log, holding one small record
/// per issue (or day, or assignee), never the events: per issue its times and counts, per day what
/// was created and completed and how many issues stood ready, in progress and blocked at the day's
/// last event, per assignee its throughput. Columns are documented in docs/metrics.md.
public struct MetricsReport: Sendable {
  public enum Grouping: String, Sendable, CaseIterable { case issue, day, assignee }

  public let grouping: Grouping
  /// Events before `since` or at or after `until` (ms) are left out.
  public let since: Int64?
  public let until: Int64?

  struct IssueRecord {
    var title = ""
    var state = ""
    var assignee: String?
    var created: Int64?
    var firstClaimed: Int64?
    var completed: Int64?
    var done: Int64?
    var lead: Int64?
    var cycle: Int64?
    var gatedSince: Int64?
    var gatedMs: Int64 = 0
    var gateFailures = 0
    var attempts = 0
    var reclaims = 0
  }

  struct DayRecord {
    var created = 0
    var completed = 0
    var ready = 0
    var inProgress = 0
    var blocked = 0
  }

  struct AssigneeRecord {
    var claims = 0
    var completed = 0
    var reclaims = 0
    var cycleMs: Int64 = 0
    var cycles = 0
  }

  var issues: [String: IssueRecord] = [:]
  var days: [Int64: DayRecord] = [:]
  var assignees: [String: AssigneeRecord] = [:]
  var stateCounts: [String: Int] = [:]
  var currentDay: Int64?
  /// Lines that are not events.
  public private(set) var malformedLines = 0
  public private(set) var eventsRead = 0

  public init(grouping: Grouping, since: Timestamp? = nil, until: Timestamp? = nil) {
    self.grouping = grouping
    self.since = since?.millisecondsSince1970
    self.until = until?.millisecondsSince1970
  }

  public mutating func consume(_ line: ArraySlice<UInt8>) {
    if line.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 13 }) { return }
    guard let fields = EventLineFields.parse(line) else {
      malformedLines += 1
      return
    }
    consume(fields)
  }

  /// Counts a line that is not an event.
  public mutating func countMalformed() { malformedLines += 1 }

  public mutating func consume(_ event: EventLineFields) {
    if let since, event.ts < since { return }
    if let until, event.ts >= until { return }
    eventsRead += 1
    let day = Self.day(event.ts)
    if let currentDay, currentDay != day { snapshot(currentDay) }
    currentDay = day
    guard let id = event.issue else { return }
    var issue = issues[id] ?? IssueRecord()
    switch event.event {
    case "issue.created":
      issue.created = event.ts
      issue.title = event.title ?? ""
      if let state = event.state { move(&issue, to: state, at: event.ts) }
      days[day, default: DayRecord()].created += 1
    case "issue.claimed":
      issue.attempts += 1
      if issue.firstClaimed == nil { issue.firstClaimed = event.ts }
      issue.assignee = event.assignee ?? event.by
      if let who = issue.assignee { assignees[who, default: AssigneeRecord()].claims += 1 }
    case "issue.assigned": issue.assignee = event.assignee ?? issue.assignee
    case "issue.unassigned", "issue.released": issue.assignee = nil
    case "issue.reclaimed":
      issue.reclaims += 1
      if let who = issue.assignee { assignees[who, default: AssigneeRecord()].reclaims += 1 }
      issue.assignee = nil
    case "issue.completed": issue.completed = event.ts
    case "gate.failed": issue.gateFailures += 1
    case "issue.deleted":
      move(&issue, to: "", at: event.ts)
      issues[id] = nil
      return
    case "issue.state_changed":
      guard let to = event.to else { break }
      move(&issue, to: to, at: event.ts)
      if to == "done" {
        issue.done = event.ts
        let created = issue.created ?? ULIDTime.milliseconds(id)
        issue.lead = created.map { event.ts - $0 }
        issue.cycle = issue.firstClaimed.map { event.ts - $0 }
        days[day, default: DayRecord()].completed += 1
        if let who = issue.assignee {
          assignees[who, default: AssigneeRecord()].completed += 1
          if let cycle = issue.cycle {
            assignees[who, default: AssigneeRecord()].cycleMs += cycle
            assignees[who, default: AssigneeRecord()].cycles += 1
          }
        }
      }
    default: break
    }
    issues[id] = issue
  }

  mutating func move(_ issue: inout IssueRecord, to state: String, at ts: Int64) {
    if !issue.state.isEmpty { stateCounts[issue.state, default: 0] -= 1 }
    if let since = issue.gatedSince {
      issue.gatedMs += max(0, ts - since)
      issue.gatedSince = nil
    }
    if state == "gated" { issue.gatedSince = ts }
    issue.state = state
    if !state.isEmpty { stateCounts[state, default: 0] += 1 }
  }

  mutating func snapshot(_ day: Int64) {
    var record = days[day] ?? DayRecord()
    record.ready = stateCounts["ready"] ?? 0
    record.inProgress = stateCounts["in_progress"] ?? 0
    record.blocked = stateCounts["backlog"] ?? 0
    days[day] = record
  }

  static func day(_ ts: Int64) -> Int64 { ts >= 0 ? ts / 86_400_000 : (ts - 86_399_999) / 86_400_000 }

  /// One cell of a row: text, a number, or empty.
  public enum Cell: Sendable, Equatable {
    case text(String)
    case int(Int64)
    case number(Double)
    case empty
  }

  /// The column names of a grouping, in order.
  public static func columns(_ grouping: Grouping) -> [String] {
    switch grouping {
    case .issue:
      return [
        "id", "title", "state", "assignee", "created_at", "first_claimed_at", "completed_at", "done_at",
        "lead_time_seconds", "cycle_time_seconds", "gated_seconds", "gate_failures", "attempts", "reclaims",
      ]
    case .day: return ["date", "created", "completed", "ready", "in_progress", "blocked"]
    case .assignee: return ["assignee", "claims", "completed", "reclaims", "mean_cycle_time_seconds"]
    }
  }

  /// The rows, in order of id, date or assignee.
  public mutating func rows() -> [[Cell]] {
    let time = { (ms: Int64?) in
      ms.map { Cell.text(Timestamp(millisecondsSince1970: $0).description) } ?? .empty
    }
    let seconds = { (ms: Int64?) in ms.map { Cell.number(Double($0) / 1000) } ?? .empty }
    switch grouping {
    case .issue:
      return issues.keys.sorted().map { id in
        let issue = issues[id] ?? IssueRecord()
        return [
          .text(id), .text(issue.title), issue.state.isEmpty ? .empty : .text(issue.state),
          issue.assignee.map(Cell.text) ?? .empty, time(issue.created), time(issue.firstClaimed),
          time(issue.completed), time(issue.done), seconds(issue.lead), seconds(issue.cycle),
          .number(Double(issue.gatedMs) / 1000), .int(Int64(issue.gateFailures)), .int(Int64(issue.attempts)),
          .int(Int64(issue.reclaims)),
        ]
      }
    case .day:
      if let currentDay { snapshot(currentDay) }
      return days.keys.sorted().map { day in
        let record = days[day] ?? DayRecord()
        let date = String(Timestamp(millisecondsSince1970: day * 86_400_000).description.prefix(10))
        return [
          .text(date), .int(Int64(record.created)), .int(Int64(record.completed)), .int(Int64(record.ready)),
          .int(Int64(record.inProgress)), .int(Int64(record.blocked)),
        ]
      }
    case .assignee:
      return assignees.keys.sorted().map { who in
        let record = assignees[who] ?? AssigneeRecord()
        return [
          .text(who), .int(Int64(record.claims)), .int(Int64(record.completed)), .int(Int64(record.reclaims)),
          record.cycles == 0 ? .empty : .number(Double(record.cycleMs) / 1000 / Double(record.cycles)),
        ]
      }
    }
  }

  /// The rows as JSON objects keyed by column name (an empty cell is `null`).
  public static func json(_ columns: [String], _ rows: [[Cell]]) -> JSONValue {
    .array(
      rows.map { row in
        var object: [String: JSONValue] = [:]
        for (column, cell) in zip(columns, row) {
          switch cell {
          case .text(let text): object[column] = .string(text)
          case .int(let value): object[column] = .int(value)
          case .number(let value): object[column] = .double(value)
          case .empty: object[column] = .null
          }
        }
        return .object(object)
      })
  }

  /// RFC 4180: CRLF line ends, a field quoted when it holds a comma, a quote, CR or LF (quotes
  /// doubled). A field that a spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) gets a
  /// leading `'`, so opening the file runs nothing.
  public static func csv(_ columns: [String], _ rows: [[Cell]]) -> String {
    var out = columns.map(field).joined(separator: ",") + "\r\n"
    for row in rows {
      out +=
        row.map { cell in
          switch cell {
          case .text(let text): return field(text)
          case .int(let value): return String(value)
          case .number(let value): return PrometheusText.number(value)
          case .empty: return ""
          }
        }.joined(separator: ",") + "\r\n"
    }
    return out
  }

  static func field(_ text: String) -> String {
    var text = text
    if let first = text.first, "=+-@".contains(first) { text = "'" + text }
    guard text.utf8.contains(where: { $0 == 44 || $0 == 34 || $0 == 13 || $0 == 10 }) else { return text }
    return "\"" + text.replacing("\"", with: "\"\"") + "\""
  }
}

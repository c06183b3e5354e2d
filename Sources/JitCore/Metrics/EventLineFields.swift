import FoundationEssentials

/// The few fields the metrics read from one line of `events.jsonl`, found by scanning the line's
/// bytes rather than decoding it whole: `ts`, `event`, `event_id`, `id`, `by`, and `to`, `assignee`,
/// `gate`, `result` and `evidence.duration_ms` where the kind has them. A line whose values need
/// unescaping, or that the scanner cannot follow, is decoded with `JSONDecoder` instead, so both
/// ways give the same fields; a line that does not parse at all gives nil.
public struct EventLineFields: Sendable, Equatable {
  public var ts: Int64 = 0
  public var event = ""
  public var eventID = ""
  public var issue: String?
  public var by: String?
  public var to: String?
  public var assignee: String?
  public var gate: String?
  public var result: String?
  public var durationMs: Int64?
  /// `issue.created`'s title and state.
  public var title: String?
  public var state: String?

  public init() {}

  /// The fields of one line (without its newline), or nil when it is not an event.
  public static func parse(_ line: ArraySlice<UInt8>) -> EventLineFields? {
    if !line.contains(92), let fields = scan(line) { return fields }
    return decode(line)
  }

  /// The slow way, for lines with escapes: a full decode.
  static func decode(_ line: ArraySlice<UInt8>) -> EventLineFields? {
    guard let event = try? JSONDecoder().decode(Event.self, from: Data(line)) else { return nil }
    var fields = EventLineFields()
    fields.ts = event.ts.millisecondsSince1970
    fields.event = event.event
    fields.eventID = event.eventID
    fields.issue = event.issueID?.rawValue
    fields.by = event.actor?.description
    func text(_ key: String) -> String? {
      if case .string(let value) = event.fields[key] { return value }
      return nil
    }
    fields.to = text("to")
    fields.assignee = text("assignee")
    fields.gate = text("gate")
    fields.result = text("result")
    fields.title = text("title")
    fields.state = text("state")
    if case .object(let evidence) = event.fields["evidence"], case .int(let ms) = evidence["duration_ms"] {
      fields.durationMs = ms
    }
    return fields
  }

  /// The fast way: a walk over the top-level keys of a line without escapes; nil when the line is
  /// not a well-formed object of that kind (the decoder then decides).
  static func scan(_ line: ArraySlice<UInt8>) -> EventLineFields? {
    var scanner = Scanner(bytes: line, index: line.startIndex)
    var fields = EventLineFields()
    var sawTS = false
    guard
      (try? scanner.object({ key, scanner in
        switch key {
        case "ts":
          guard let text = try scanner.string(), let ts = Timestamp(iso8601: text) else {
            throw Scanner.Failure()
          }
          fields.ts = ts.millisecondsSince1970
          sawTS = true
        case "event": fields.event = try scanner.string() ?? ""
        case "event_id": fields.eventID = try scanner.string() ?? ""
        case "id": fields.issue = try scanner.string()
        case "by": fields.by = try scanner.string()
        case "to": fields.to = try scanner.stringOrSkip()
        case "assignee": fields.assignee = try scanner.stringOrSkip()
        case "gate": fields.gate = try scanner.stringOrSkip()
        case "result": fields.result = try scanner.stringOrSkip()
        case "title": fields.title = try scanner.stringOrSkip()
        case "state": fields.state = try scanner.stringOrSkip()
        case "evidence" where scanner.peek() == UInt8(ascii: "{"):
          try scanner.object({ key, scanner in
            if key == "duration_ms" {
              fields.durationMs = try scanner.integer()
            } else {
              try scanner.skipValue()
            }
          })
        default: try scanner.skipValue()
        }
      })) != nil, scanner.atEndIgnoringSpace, sawTS, !fields.event.isEmpty
    else { return nil }
    return fields
  }

  /// `YYYY-MM-DDTHH:MM:SS.fffZ` (the form jit writes) read straight from the bytes; nil for any
  /// other form, which `Timestamp(iso8601:)` then reads.
  static func milliseconds(_ raw: ArraySlice<UInt8>) -> Int64? {
    guard raw.count == 24 else { return nil }
    let base = raw.startIndex
    func number(_ from: Int, _ count: Int) -> Int64? {
      var value: Int64 = 0
      for offset in from..<from + count {
        let byte = raw[base + offset]
        guard byte >= 48 && byte <= 57 else { return nil }
        value = value * 10 + Int64(byte - 48)
      }
      return value
    }
    guard raw[base + 4] == 45, raw[base + 7] == 45, raw[base + 10] == 84, raw[base + 13] == 58,
      raw[base + 16] == 58, raw[base + 19] == 46, raw[base + 23] == 90,
      let year = number(0, 4), let month = number(5, 2), let day = number(8, 2), let hour = number(11, 2),
      let minute = number(14, 2), let second = number(17, 2), let millis = number(20, 3),
      (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
    else { return nil }
    let days = Timestamp.days(fromCivil: year, month, day)
    return ((days * 86_400) + hour * 3600 + minute * 60 + second) * 1000 + millis
  }

  /// A minimal JSON walker over bytes without backslashes.
  struct Scanner {
    struct Failure: Error {}
    let bytes: ArraySlice<UInt8>
    var index: Int

    mutating func space() {
      while index < bytes.endIndex {
        let byte = bytes[index]
        guard byte == 32 || byte == 9 || byte == 10 || byte == 13 else { return }
        index += 1
      }
    }

    static func ends(_ byte: UInt8) -> Bool {
      byte == 44 || byte == 125 || byte == 93 || byte == 32 || byte == 9 || byte == 13 || byte == 10
    }

    mutating func peek() -> UInt8? {
      space()
      return index < bytes.endIndex ? bytes[index] : nil
    }

    var atEndIgnoringSpace: Bool {
      mutating get {
        space()
        return index == bytes.endIndex
      }
    }

    mutating func expect(_ byte: UInt8) throws {
      guard peek() == byte else { throw Failure() }
      index += 1
    }

    mutating func rawString() throws -> ArraySlice<UInt8> {
      try expect(34)
      let start = index
      while index < bytes.endIndex, bytes[index] != 34 { index += 1 }
      guard index < bytes.endIndex else { throw Failure() }
      defer { index += 1 }
      return bytes[start..<index]
    }

    /// A string value; nil for JSON null.
    mutating func string() throws -> String? {
      if peek() == UInt8(ascii: "n") {
        try skipValue()
        return nil
      }
      return String(decoding: try rawString(), as: UTF8.self)
    }

    /// A string value, or nil (skipping it) for any other kind of value.
    mutating func stringOrSkip() throws -> String? {
      if peek() == 34 { return try string() }
      try skipValue()
      return nil
    }

    mutating func integer() throws -> Int64? {
      space()
      let start = index
      while index < bytes.endIndex, !Self.ends(bytes[index]) { index += 1 }
      return Int64(String(decoding: bytes[start..<index], as: UTF8.self))
    }

    mutating func object(_ member: (String, inout Scanner) throws -> Void) throws {
      try expect(UInt8(ascii: "{"))
      if peek() == UInt8(ascii: "}") {
        index += 1
        return
      }
      while true {
        let key = String(decoding: try rawString(), as: UTF8.self)
        try expect(UInt8(ascii: ":"))
        try member(key, &self)
        guard let next = peek() else { throw Failure() }
        index += 1
        if next == UInt8(ascii: "}") { return }
        guard next == UInt8(ascii: ",") else { throw Failure() }
      }
    }

    mutating func skipValue() throws {
      guard let first = peek() else { throw Failure() }
      switch first {
      case 34: _ = try rawString()
      case UInt8(ascii: "{"): try object { _, scanner in try scanner.skipValue() }
      case UInt8(ascii: "["):
        index += 1
        if peek() == UInt8(ascii: "]") {
          index += 1
          return
        }
        while true {
          try skipValue()
          guard let next = peek() else { throw Failure() }
          index += 1
          if next == UInt8(ascii: "]") { return }
          guard next == UInt8(ascii: ",") else { throw Failure() }
        }
      default:
        let start = index
        while index < bytes.endIndex, !Self.ends(bytes[index]) { index += 1 }
        guard index > start else { throw Failure() }
      }
    }
  }
}

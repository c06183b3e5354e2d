import FoundationEssentials

/// Searches `events.jsonl` without decoding every line: a line is decoded only if it could match
/// (the words the query looks for appear in it, its `ts` is in range). A line that is skipped is
/// still checked cheaply, so that malformed lines are reported all the same.
public struct EventLogSearch: Sendable {
  public let path: String

  public init(path: String) { self.path = path }

  /// The matching events in log order (duplicates of an `event_id` dropped), and every malformed
  /// line.
  public func run(_ query: EventQuery) throws -> EventLogContents {
    guard
      let bytes = try RepositoryLayout.holding(path).read(path, limit: RepositoryLayout.eventLogSizeLimit)
    else { return EventLogContents() }
    let needles = Needles(query)
    var contents = EventLogContents()
    var reader = EventLineReader()
    let decoder = JSONDecoder()
    for (index, line) in bytes.split(separator: 10, omittingEmptySubsequences: false).enumerated() {
      if EventLineReader.isBlank(line) { continue }
      let candidate = needles.mayMatch(line, query)
      // A line that cannot match is decoded only to report it if it is malformed.
      if !candidate && EventLineScanner.isCertainlyValid(line) { continue }
      reader.read(
        line, number: index + 1, decoder: decoder, events: &contents.events, malformed: &contents.malformed,
        accept: { candidate && query.matches($0) })
    }
    return contents
  }

  /// Byte strings of which at least one (per criterion) must appear in a line that matches.
  struct Needles {
    var groups: [[[UInt8]]] = []

    init(_ query: EventQuery) {
      if !query.kinds.isEmpty { groups.append(query.kinds.map { Array($0.utf8) }) }
      if !query.issues.isEmpty { groups.append(query.issues.map { Array($0.text.utf8) }) }
      if !query.actors.isEmpty { groups.append(query.actors.map { Array($0.text.utf8) }) }
      if !query.assignees.isEmpty { groups.append(query.assignees.map { Array($0.text.utf8) }) }
    }

    func mayMatch(_ line: ArraySlice<UInt8>, _ query: EventQuery) -> Bool {
      // Escapes could hide a word; such lines are always decoded.
      if line.contains(92) { return true }
      for group in groups where !group.contains(where: { Self.contains(line, $0) }) { return false }
      if query.since != nil || query.until != nil, let ts = Self.timestamp(in: line) {
        if let since = query.since, ts < since { return false }
        if let until = query.until, ts > until { return false }
      }
      return true
    }

    /// Whether `needle` occurs in `line`, ignoring ASCII case (ids may be written in either).
    static func contains(_ line: ArraySlice<UInt8>, _ needle: [UInt8]) -> Bool {
      guard let first = needle.first, line.count >= needle.count else { return needle.isEmpty }
      let lower = { (byte: UInt8) -> UInt8 in byte >= 65 && byte <= 90 ? byte + 32 : byte }
      let start = lower(first)
      var index = line.startIndex
      let last = line.endIndex - needle.count
      while index <= last {
        if lower(line[index]) == start {
          var offset = 1
          while offset < needle.count && lower(line[index + offset]) == lower(needle[offset]) { offset += 1 }
          if offset == needle.count { return true }
        }
        index += 1
      }
      return false
    }

    /// The value of `"ts":"..."` as jit writes it, if the line has exactly one such member (a
    /// nested object could have its own `ts`; then the line is decoded).
    static func timestamp(in line: ArraySlice<UInt8>) -> Timestamp? {
      let key = Array(#""ts":""#.utf8)
      var found: Timestamp?
      var index = line.startIndex
      while index + key.count <= line.endIndex {
        if line[index] == key[0] && line[index..<(index + key.count)].elementsEqual(key) {
          guard found == nil else { return nil }
          let start = index + key.count
          guard let end = line[start...].firstIndex(of: 34),
            let moment = Timestamp(iso8601: String(decoding: line[start..<end], as: UTF8.self))
          else { return nil }
          found = moment
          index = end
        }
        index += 1
      }
      return found
    }
  }
}

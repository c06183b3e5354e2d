import FoundationEssentials

/// `.jit/events.jsonl`: one JSON object per line. Lines are appended by the file backend's commit
/// (`FileJournal`), in the same unit as the changes they record.
public struct FileEventLog: Sendable {
  public let path: String

  public init(path: String) { self.path = path }

  /// The lines of `events`, each ending in a newline.
  public static func lines(_ events: [Event]) throws -> [UInt8] {
    guard !events.isEmpty else { return [] }
    let encoder = JSONCoding.lineEncoder()
    var bytes: [UInt8] = []
    for event in events {
      bytes.append(contentsOf: try encoder.encode(event))
      bytes.append(10)
    }
    return bytes
  }

  /// Every event, oldest first, and the lines that do not parse.
  public func readAll() throws -> EventLogContents {
    guard
      let bytes = try RepositoryLayout.holding(path).read(path, limit: RepositoryLayout.eventLogSizeLimit)
    else { return EventLogContents() }
    var contents = EventLogContents()
    var reader = EventLineReader()
    let decoder = JSONDecoder()
    for (index, line) in bytes.split(separator: 10, omittingEmptySubsequences: false).enumerated() {
      reader.read(
        line, number: index + 1, decoder: decoder, events: &contents.events, malformed: &contents.malformed)
    }
    return contents
  }
}

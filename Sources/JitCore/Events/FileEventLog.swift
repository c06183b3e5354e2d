import Synchronization

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// `.jit/events.jsonl`: one JSON object per line, appended with a single write per mutation.
public struct FileEventLog: EventLog {
  public let path: String

  public init(path: String) { self.path = path }

  public func append(_ events: [Event]) throws {
    guard !events.isEmpty else { return }
    let encoder = JSONCoding.lineEncoder()
    // A log edited by hand may have lost its final newline: start on a line of our own, or this
    // event would be glued to the last one and both would be unreadable.
    var bytes: [UInt8] = FileSystem.lastByte(of: path).map { $0 == 10 ? [] : [10] } ?? []
    for event in events {
      bytes.append(contentsOf: try encoder.encode(event))
      bytes.append(10)
    }
    try FileSystem.append(bytes, to: path)
  }

  public func readAll() throws -> EventLogContents {
    guard let bytes = try FileSystem.read(path) else { return EventLogContents() }
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

/// Events kept in memory, for tests and the in-memory store.
public final class MemoryEventLog: EventLog {
  private let events = Mutex<[Event]>([])

  public init() {}

  public func append(_ new: [Event]) throws {
    events.withLock { $0.append(contentsOf: new) }
  }

  public func readAll() throws -> EventLogContents {
    events.withLock { EventLogContents(events: $0) }
  }
}

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif
#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads an event log as it grows, like `tail -f`: each `poll` returns the complete lines appended
/// since the last one. A partial last line waits for its newline. If the file shrinks or is
/// replaced (a `git checkout`), reading starts again from the top, and events already returned
/// (by `event_id`) are not returned twice.
public struct EventLogCursor: Sendable {
  public let path: String
  /// Bytes consumed so far (complete lines only).
  public private(set) var offset = 0
  private var partial: [UInt8] = []
  private var lineNumber = 0
  private var inode: UInt64?
  private var seen: Set<String> = []

  public init(path: String) { self.path = path }

  /// What one poll found.
  public struct Batch: Sendable {
    public var events: [Event] = []
    /// Lines that did not parse: 1-based line number and the reason.
    public var malformed: [(line: Int, reason: String)] = []
    /// The file shrank or was replaced, so it was read again from the top.
    public var restarted = false
  }

  /// The lines appended since the last poll (on the first poll: the whole file).
  public mutating func poll() throws -> Batch {
    var batch = Batch()
    var info = stat()
    guard stat(path, &info) == 0 else {
      if errno == ENOENT { return batch }
      throw JitError.io(String(cString: strerror(errno)), path: path)
    }
    let currentInode = UInt64(info.st_ino)
    let size = Int(info.st_size)
    if (inode != nil && inode != currentInode) || size < offset {
      offset = 0
      partial = []
      lineNumber = 0
      batch.restarted = true
    }
    inode = currentInode
    guard size > offset else { return batch }
    let bytes = try FileSystem.read(path, from: offset, count: size - offset)
    offset += bytes.count
    partial.append(contentsOf: bytes)
    guard let lastNewline = partial.lastIndex(of: 10) else { return batch }
    let complete = partial[...lastNewline]
    let decoder = JSONDecoder()
    for line in complete.split(separator: 10, omittingEmptySubsequences: false).dropLast() {
      lineNumber += 1
      if line.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 13 }) { continue }
      do {
        let event = try decoder.decode(Event.self, from: Data(line))
        if !event.eventID.isEmpty && !seen.insert(event.eventID).inserted { continue }
        batch.events.append(event)
      } catch let error as DecodingError {
        batch.malformed.append((lineNumber, JSONCoding.describe(error)))
      } catch {
        batch.malformed.append((lineNumber, "\(error)"))
      }
    }
    partial.removeSubrange(...lastNewline)
    return batch
  }
}

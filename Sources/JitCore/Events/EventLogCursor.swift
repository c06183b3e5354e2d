import FoundationEssentials
import JitSystem

/// Reads an event log as it grows, like `tail -f`: each `poll` returns the complete lines appended
/// since the last one. A partial last line waits for its newline. If the file shrinks or is
/// replaced (a `git checkout`), it is read again from the top, and the cursor keeps its place by
/// event id: only what comes after the last event it had reached (returned or skipped) is returned,
/// or, when the new file lacks that event, only events newer than it; never one returned before.
public struct EventLogCursor: Sendable {
  public let path: String
  /// Bytes consumed so far (complete lines only).
  public private(set) var offset = 0
  private var partial: [UInt8] = []
  private var lineNumber = 0
  private var inode: UInt64?
  private var reader = EventLineReader()
  /// The last event read from the file so far, returned or skipped: where the cursor stands.
  private var place: (id: String, ts: Timestamp)?

  public init(path: String) { self.path = path }

  /// What one poll found.
  public struct Batch: Sendable {
    public var events: [Event] = []
    /// Lines that did not parse: 1-based line number and the reason.
    public var malformed: [(line: Int, reason: String)] = []
    /// The file shrank or was replaced, so it was read again from the top.
    public var restarted = false

    public init() {}
  }

  /// The lines appended since the last poll (on the first poll: the whole file). With `lastLines`,
  /// only the last that many lines are decoded and returned; the others are skipped unread, which
  /// is how `tail -n` starts on a long log.
  public mutating func poll(lastLines: Int? = nil) throws -> Batch {
    var batch = Batch()
    var info = stat()
    guard stat(path, &info) == 0 else {
      if errno == ENOENT { return batch }
      throw JitError.io(String(cString: strerror(errno)), path: path)
    }
    let currentInode = UInt64(info.st_ino)
    let size = Int(info.st_size)
    var resume: (id: String, ts: Timestamp)?
    if (inode != nil && inode != currentInode) || size < offset {
      offset = 0
      partial = []
      lineNumber = 0
      batch.restarted = true
      resume = place
    }
    inode = currentInode
    guard size > offset else { return batch }
    let layout = RepositoryLayout.holding(path)
    let bytes = try FileSystem.read(
      path, from: offset, count: size - offset, confinedTo: [layout.rootDirectory, layout.jitDirectory])
    offset += bytes.count
    partial.append(contentsOf: bytes)
    guard let lastNewline = partial.lastIndex(of: 10) else { return batch }
    let complete = partial[...lastNewline]
    let decoder = JSONDecoder()
    let lines = complete.split(separator: 10, omittingEmptySubsequences: false).dropLast()
    // Two locals, not `batch`'s fields: a nested function captures what it touches, and two
    // inout accesses to one captured variable overlap.
    var events: [Event] = []
    var malformed: [(line: Int, reason: String)] = []
    func decode(_ line: ArraySlice<UInt8>, number: Int) {
      reader.read(line, number: number, decoder: decoder, events: &events, malformed: &malformed)
    }
    if let lastLines {
      // Read backwards until there are enough events, so a long log is not decoded in full.
      var index = lines.endIndex
      while events.count < lastLines && index > lines.startIndex {
        index -= 1
        if !EventLineReader.isBlank(lines[index]) {
          decode(lines[index], number: lineNumber + index - lines.startIndex + 1)
        }
      }
      events.reverse()
      malformed.reverse()
      lineNumber += lines.count
    } else {
      for line in lines {
        lineNumber += 1
        decode(line, number: lineNumber)
      }
    }
    // Where the cursor now stands: the file's last event, even when `lastLines` skipped it.
    if let last = lines.last(where: { !EventLineReader.isBlank($0) }),
      let event = try? decoder.decode(Event.self, from: Data(last))
    {
      place = (event.eventID, event.ts)
    }
    if let resume {
      // A replaced file: what follows the event the cursor had reached, else what is newer than it.
      if let index = events.firstIndex(where: { $0.eventID == resume.id }) {
        events.removeSubrange(...index)
      } else {
        events.removeAll { $0.ts < resume.ts }
      }
    }
    batch.events += events
    batch.malformed += malformed
    partial.removeSubrange(...lastNewline)
    return batch
  }
}

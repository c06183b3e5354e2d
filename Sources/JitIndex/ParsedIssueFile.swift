import Dispatch
import JitCore
import JitSystem
import Synchronization

/// One issue file read, parsed and rendered, ready for its rows: the work that needs no database,
/// done on every core while one thread writes.
// Unchecked only for `failed`'s error, which is handed from the reading thread to the writing one
// once and never shared.
struct ParsedIssueFile: @unchecked Sendable {  // safe: its error is handed over once, never shared
  enum Content {
    /// The file is gone.
    case vanished
    /// It does not parse, holds another id, or is refused (a FIFO, a device, a link out of the
    /// repository, too large): a `broken` row, which readers pass over.
    case broken
    case issue(Issue, view: [UInt8])
    /// It could not be read (or rendered): what `reindex` would have thrown.
    case failed(any Error)
  }

  var id: IssueID
  var stamp: FileStamp
  var content: Content

  /// Reads `id`'s file: with the fast reader where it gives the issue `JSONDecoder` would, else
  /// with `JSONDecoder` (which also decides what is broken).
  static func read(_ id: IssueID, layout: RepositoryLayout, renderer: IssueJSON) -> ParsedIssueFile {
    let path = layout.issueFile(id)
    do {
      guard let (bytes, stamp) = try IssueFiles.read(path, layout: layout) else {
        return ParsedIssueFile(id: id, stamp: .unknown, content: .vanished)
      }
      let issue: Issue
      if let parsed = IssueFileParser.parse(bytes) {
        issue = parsed
      } else {
        do {
          issue = try JSONCoding.decodeFile(Issue.self, bytes, path: layout.relative(path))
        } catch is JitError {
          return ParsedIssueFile(id: id, stamp: stamp, content: .broken)
        }
      }
      guard issue.id == id else { return ParsedIssueFile(id: id, stamp: stamp, content: .broken) }
      return ParsedIssueFile(id: id, stamp: stamp, content: .issue(issue, view: try renderer.element(issue)))
    } catch let error where SkippedFile(error) != nil {
      // Refused before reading: remembered with the stamp the listing sees, so that it is looked
      // at again only when it changes.
      return ParsedIssueFile(id: id, stamp: IssueFiles.fileStamp(path) ?? .unknown, content: .broken)
    } catch {
      return ParsedIssueFile(id: id, stamp: .unknown, content: .failed(error))
    }
  }

  /// Reads `ids`' files on every core, a chunk at a time and at most `window` chunks ahead, and
  /// hands them to `consume` on this thread, in order.
  static func readAll(
    _ ids: [IssueID], layout: RepositoryLayout, chunkSize: Int = 256, window: Int = 8,
    consume: ([ParsedIssueFile]) throws -> Void
  ) throws {
    let cores = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    let chunks = (ids.count + chunkSize - 1) / chunkSize
    @Sendable func chunk(_ index: Int, _ renderer: IssueJSON) -> [ParsedIssueFile] {
      ids[(index * chunkSize)..<min(ids.count, (index + 1) * chunkSize)].map {
        read($0, layout: layout, renderer: renderer)
      }
    }
    if chunks <= 1 || cores == 1 {
      let renderer = IssueJSON()
      for index in 0..<chunks { try consume(chunk(index, renderer)) }
      return
    }
    let shared = ReadAhead(chunks: chunks, window: window)
    let workers = DispatchGroup()
    for _ in 0..<cores {
      DispatchQueue.global().async(group: workers) {
        let renderer = IssueJSON()
        while let index = shared.take() { shared.put(index, chunk(index, renderer)) }
      }
    }
    defer {
      shared.cancel()
      workers.wait()
    }
    for index in 0..<chunks { try consume(shared.wait(index)) }
  }
}

/// The chunks the readers hand to the writer: a reader takes the next chunk only when fewer than
/// `window` wait, which bounds the memory (a chunk of rendered issues is a few hundred KB).
final class ReadAhead: @unchecked Sendable {  // safe: `state` is behind its mutex; semaphores are thread-safe
  private struct State {
    var next = 0
    var cancelled = false
    var done: [Int: [ParsedIssueFile]] = [:]
  }

  private let state = Mutex(State())
  private let slots: DispatchSemaphore
  private let ready: [DispatchSemaphore]
  private let chunks: Int

  init(chunks: Int, window: Int) {
    self.chunks = chunks
    slots = DispatchSemaphore(value: window)
    ready = (0..<chunks).map { _ in DispatchSemaphore(value: 0) }
  }

  /// The next chunk to read, once a slot is free; nil when there is none (or the writer stopped).
  func take() -> Int? {
    slots.wait()
    let index: Int? = state.withLock { state in
      guard !state.cancelled, state.next < chunks else { return nil }
      state.next += 1
      return state.next - 1
    }
    if index == nil { slots.signal() }  // passes the wake-up on to the next reader
    return index
  }

  func put(_ index: Int, _ files: [ParsedIssueFile]) {
    state.withLock { $0.done[index] = files }
    ready[index].signal()
  }

  /// Chunk `index`, once read; frees its slot.
  func wait(_ index: Int) -> [ParsedIssueFile] {
    ready[index].wait()
    let files = state.withLock { $0.done.removeValue(forKey: index) } ?? []
    slots.signal()
    return files
  }

  func cancel() {
    state.withLock { $0.cancelled = true }
    slots.signal()
  }
}

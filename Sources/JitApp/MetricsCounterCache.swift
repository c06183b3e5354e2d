import FoundationEssentials
import JitCore
import JitSystem

/// The event log's counters kept between runs in `.jit/run/metrics/counters.json`, with where they
/// stopped: the log's inode, the byte offset consumed (complete lines only) and the 64 bytes before
/// it. Each export reads only what was appended since. When the log no longer matches (it shrank,
/// was replaced by a checkout or a merge, or the bytes before the offset differ) the counters are
/// computed again from the first line. Deleting the file loses nothing.
struct MetricsCounterCache: Codable {
  static let version = 1
  var version = Self.version
  var inode: UInt64 = 0
  var offset = 0
  var tail: [UInt8] = []
  var counters = EventCounters()

  enum CodingKeys: String, CodingKey { case version, inode, offset, tail, counters }

  static func path(_ layout: RepositoryLayout) -> String { layout.runDirectory + "/metrics/counters.json" }

  /// The counters as of the end of the log, brought up to date and saved.
  static func update(_ layout: RepositoryLayout) throws -> EventCounters {
    let log = layout.eventsFile
    var info = stat()
    guard stat(log, &info) == 0 else {
      if errno == ENOENT { return EventCounters() }
      throw JitError.io(String(cString: strerror(errno)), path: log)
    }
    let size = Int(info.st_size)
    let inode = UInt64(info.st_ino)
    let roots = [layout.rootDirectory, layout.jitDirectory]
    var cache = load(layout) ?? MetricsCounterCache()
    let tailMatches =
      cache.inode == inode && cache.offset <= size ? try cache.tailMatches(log, roots: roots) : false
    if !tailMatches {
      cache = MetricsCounterCache()
      cache.inode = inode
    }
    guard size > cache.offset else { return cache.counters }
    var seen = Set<UInt64>()
    let chunkSize = 8 << 20
    var carry: [UInt8] = []
    var position = cache.offset
    while position < size {
      let bytes = try FileSystem.read(
        log, from: position, count: min(chunkSize, size - position), confinedTo: roots)
      if bytes.isEmpty { break }
      position += bytes.count
      carry += bytes
      guard let last = carry.lastIndex(of: 10) else { continue }
      var start = carry.startIndex
      while start <= last, let newline = carry[start...last].firstIndex(of: 10) {
        let line = carry[start..<newline]
        if let fields = EventLineFields.parse(line) {
          if fields.eventID.isEmpty || seen.insert(Self.hash(fields.eventID)).inserted {
            cache.counters.consume(fields)
          }
        } else {
          cache.counters.consume(line)  // blank, or counted as malformed
        }
        start = newline + 1
      }
      cache.offset += last + 1
      carry.removeSubrange(...last)
    }
    if cache.offset > 0 {
      let from = max(0, cache.offset - 64)
      cache.tail = try FileSystem.read(log, from: from, count: cache.offset - from, confinedTo: roots)
    }
    try? save(cache, layout)
    return cache.counters
  }

  func tailMatches(_ log: String, roots: [String]) throws -> Bool {
    guard offset > 0 else { return true }
    let from = max(0, offset - 64)
    return try FileSystem.read(log, from: from, count: offset - from, confinedTo: roots) == tail
  }

  static func load(_ layout: RepositoryLayout) -> MetricsCounterCache? {
    guard let bytes = try? FileSystem.readRegular(path(layout), limit: 64 << 20),
      let cache = try? JSONDecoder().decode(MetricsCounterCache.self, from: Data(bytes)),
      cache.version == version
    else { return nil }
    return cache
  }

  static func save(_ cache: MetricsCounterCache, _ layout: RepositoryLayout) throws {
    try FileSystem.createDirectory(layout.runDirectory + "/metrics")
    try FileSystem.writeAtomically(Array(try JSONEncoder().encode(cache)), to: path(layout))
  }

  /// FNV-1a of an event id, to drop the repeated lines a union merge brings in.
  static func hash(_ text: String) -> UInt64 {
    var value: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 { value = (value ^ UInt64(byte)) &* 0x100_0000_01b3 }
    return value
  }
}

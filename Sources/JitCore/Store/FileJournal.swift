import JitSystem

/// Makes one write session's unit (issue files, `gates.json`, event lines) atomic on disk: an undo
/// journal, `.jit/run/journal`, holds what every file it will touch held before (and the size of
/// `events.jsonl`), and exists exactly while the files may disagree with each other.
///
/// A commit, all under the exclusive lock: write the journal (temporary file, rename); replace each
/// file (`<file>.tmp`, rename) and append the events; let the index follow; flush what was written
/// (`fdatasync` of each file, or one `syncfs` when there are many);
/// remove the journal. A failure at any step restores every file from the journal and truncates the
/// log before the error is reported, so a command that reports a failure has changed nothing. A
/// process killed at any step leaves the journal behind; the next session (`recover`, under the
/// exclusive lock) restores the files the same way, so the mutation did not happen. Only after the
/// journal is gone is success reported, so a command that reports success has kept everything.
public enum FileJournal {
  /// One place a commit may stop: the fault injector of tests names them.
  public enum Step: Sendable, Hashable {
    case journalWritten
    case fileReplaced(String)
    case eventsAppended
    case indexUpdated
    case synced
  }

  /// The journal's path.
  public static func path(_ layout: RepositoryLayout) -> String { layout.runDirectory + "/journal" }

  /// Where a journal that does not parse is set aside (`validate` reports it).
  public static func unreadablePath(_ layout: RepositoryLayout) -> String { path(layout) + ".unreadable" }

  /// Whether a journal is waiting to be rolled back.
  public static func isPending(_ layout: RepositoryLayout) -> Bool { FileSystem.exists(path(layout)) }

  struct Entry {
    /// Relative to `.jit/`.
    var path: String
    /// The content before, or nil if the file did not exist.
    var before: [UInt8]?
  }

  struct Contents {
    var eventsInode: UInt64
    var eventsSize: Int64
    var entries: [Entry]
  }

  /// Commits `writes` (relative path -> new content, or nil to remove) and the event bytes as one
  /// unit. `afterFiles` runs once the files and events are written (the index follows there); a
  /// throw from it rolls back like any other failure.
  static func commit(
    _ layout: RepositoryLayout, writes: [(path: String, content: [UInt8]?)], events: [UInt8],
    faults: FaultInjector, afterFiles: () throws -> Void
  ) throws {
    // Open the log first: a log that cannot be appended to refuses the unit before anything is written.
    // O_NONBLOCK: a FIFO put in the log's place must not hang the writer (it is refused below).
    // A link is followed only into the repository: jit never appends to a file outside it.
    let logPath: String
    do {
      logPath = try FileSystem.confinedTarget(
        layout.eventsFile, roots: [layout.rootDirectory, layout.jitDirectory])
    } catch let refusal as FileSystem.ReadRefusal {
      throw JitError.io("\(refusal): jit writes only inside the repository", path: layout.eventsFile)
    }
    let log = open(logPath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW, 0o644)
    guard log >= 0 else { throw JitError.io(String(cString: strerror(errno)), path: layout.eventsFile) }
    defer { close(log) }
    var status = stat()
    guard fstat(log, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
      throw JitError.io("not a regular file", path: layout.eventsFile)
    }
    var entries: [Entry] = []
    for write in writes {
      let full = layout.jitDirectory + "/" + write.path
      entries.append(Entry(path: write.path, before: try FileSystem.read(full)))
    }
    let contents = Contents(
      eventsInode: UInt64(status.st_ino), eventsSize: Int64(status.st_size), entries: entries)
    try FileSystem.createDirectory(layout.runDirectory)
    // Never committed, whatever the repository's own .gitignore says (older ones do not name run/).
    try FileSystem.createIfAbsent(layout.runDirectory + "/.gitignore", Array("*\n".utf8))
    // No sync of its own: a killed process leaves it in the page cache, and the filesystem's ordering
    // of metadata (ext4's data=ordered) writes its rename before the renames of the files after it.
    try FileSystem.writeAtomically(
      encode(contents), to: path(layout), temporary: path(layout) + ".tmp", sync: false)
    do {
      try faults.reach(.journalWritten)
      for write in writes {
        let full = layout.jitDirectory + "/" + write.path
        if let content = write.content {
          try FileSystem.writeAtomically(content, to: full, temporary: full + ".tmp", sync: false)
        } else {
          try FileSystem.remove(full)
        }
        try faults.reach(.fileReplaced(write.path))
      }
      if !events.isEmpty {
        // A log edited by hand may have lost its final newline: start on a line of our own.
        let glue: [UInt8] = FileSystem.lastByte(of: layout.eventsFile).map { $0 == 10 ? [] : [10] } ?? []
        try FileSystem.writeAll(log, glue + events, path: layout.eventsFile)
      }
      try faults.reach(.eventsAppended)
      try afterFiles()
      try faults.reach(.indexUpdated)
      try makeDurable(layout, writes.map(\.path), log: log)
      try faults.reach(.synced)
    } catch let crash as FaultInjector.Crash {
      throw crash  // stands for the process dying here: nothing after it runs
    } catch {
      try? rollBack(layout, contents)
      throw error
    }
    try FileSystem.remove(path(layout))
  }

  /// Flushes what the unit wrote before success is reported: each file it wrote when they are few
  /// (a claim writes one issue), else the whole filesystem in one call (a pass that moves hundreds of
  /// dependents) rather than hundreds. A small unit's event lines are not flushed on their own (a
  /// second flush would nearly double a claim's time under the lock): a power cut may lose the last
  /// lines of the log while their change is kept, as before journaling; a killed process never can.
  static func makeDurable(_ layout: RepositoryLayout, _ paths: [String], log: Int32) throws {
    func check(_ status: Int32, _ path: String) throws {
      guard status == 0 else { throw JitError.io(String(cString: strerror(errno)), path: path) }
    }
    guard paths.count <= 4 else { return try check(syncfs(log), layout.jitDirectory) }
    for path in paths {
      let full = layout.jitDirectory + "/" + path
      let fd = open(full, O_RDONLY | O_CLOEXEC)
      if fd < 0 { continue }  // removed by this unit
      defer { close(fd) }
      try check(fdatasync(fd), full)
    }
  }

  /// Rolls back the unit of a writer that died (or a leftover temporary journal); call under the
  /// exclusive lock. Returns whether there was anything to do.
  @discardableResult
  public static func recover(_ layout: RepositoryLayout) throws -> Bool {
    let journal = path(layout)
    try FileSystem.remove(journal + ".tmp")
    guard let bytes = try FileSystem.read(journal) else { return false }
    guard let contents = decode(bytes) else {
      // Nothing to roll back with: set it aside, so that commands work again, and let validate
      // report it (and what the interrupted write may have left).
      guard rename(journal, unreadablePath(layout)) == 0 else {
        throw JitError.io(String(cString: strerror(errno)), path: journal)
      }
      return true
    }
    try rollBack(layout, contents)
    return true
  }

  static func rollBack(_ layout: RepositoryLayout, _ contents: Contents) throws {
    // Latest first, so that a file touched twice ends as it first was.
    for entry in contents.entries.reversed() {
      let full = layout.jitDirectory + "/" + entry.path
      try FileSystem.remove(full + ".tmp")
      if let before = entry.before {
        try FileSystem.writeAtomically(before, to: full, temporary: full + ".tmp", sync: false)
      } else {
        try FileSystem.remove(full)
      }
    }
    var status = stat()
    if stat(layout.eventsFile, &status) == 0, UInt64(status.st_ino) == contents.eventsInode,
      Int64(status.st_size) > contents.eventsSize
    {
      guard truncate(layout.eventsFile, off_t(contents.eventsSize)) == 0 else {
        throw JitError.io(String(cString: strerror(errno)), path: layout.eventsFile)
      }
    }
    let directory = open(layout.jitDirectory, O_RDONLY | O_CLOEXEC)
    if directory >= 0 {
      _ = syncfs(directory)
      close(directory)
    }
    try FileSystem.remove(path(layout))
  }

  // The format: a header line, one line per file followed by its old bytes, and an end line.
  //   jit-journal 1 <events inode> <events size>
  //   file <byte count, or -1 if absent> <path>
  //   <bytes>
  //   end

  static func encode(_ contents: Contents) -> [UInt8] {
    var out = Array("jit-journal 1 \(contents.eventsInode) \(contents.eventsSize)\n".utf8)
    for entry in contents.entries {
      out += Array("file \(entry.before.map { String($0.count) } ?? "-1") \(entry.path)\n".utf8)
      if let before = entry.before { out += before + [10] }
    }
    out += Array("end\n".utf8)
    return out
  }

  static func decode(_ bytes: [UInt8]) -> Contents? {
    var index = 0
    func line() -> String? {
      guard let end = bytes[index...].firstIndex(of: 10) else { return nil }
      defer { index = end + 1 }
      return String(decoding: bytes[index..<end], as: UTF8.self)
    }
    guard let header = line()?.split(separator: " "), header.count == 4, header[0] == "jit-journal",
      header[1] == "1", let inode = UInt64(header[2]), let size = Int64(header[3])
    else { return nil }
    var entries: [Entry] = []
    while let text = line() {
      if text == "end" { return Contents(eventsInode: inode, eventsSize: size, entries: entries) }
      let parts = text.split(separator: " ", maxSplits: 2)
      guard parts.count == 3, parts[0] == "file", let count = Int(parts[1]) else { return nil }
      let path = String(parts[2])
      guard !path.contains(".."), !path.hasPrefix("/") else { return nil }
      if count < 0 {
        entries.append(Entry(path: path, before: nil))
        continue
      }
      guard index + count < bytes.count, bytes[index + count] == 10 else { return nil }
      entries.append(Entry(path: path, before: Array(bytes[index..<index + count])))
      index += count + 1
    }
    return nil
  }
}

/// Lets tests stop a commit at any of its steps: with an error (the commit must roll back and
/// report it) or with `Crash` (the process "dies" there: nothing more runs, and the next session
/// must find the repository as if the mutation had not happened).
public struct FaultInjector: Sendable {
  /// Stands for the death of the process at a step.
  public struct Crash: Error, Sendable {
    public let step: FileJournal.Step
    public init(step: FileJournal.Step) { self.step = step }
  }

  let body: (@Sendable (FileJournal.Step) throws -> Void)?

  /// No faults: what every command uses.
  public static let none = FaultInjector(body: nil)

  /// Calls `body` at every step; what it throws stops the commit there.
  public init(_ body: @escaping @Sendable (FileJournal.Step) throws -> Void) { self.body = body }

  init(body: (@Sendable (FileJournal.Step) throws -> Void)?) { self.body = body }

  func reach(_ step: FileJournal.Step) throws { try body?(step) }
}

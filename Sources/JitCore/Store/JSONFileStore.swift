/// The plain file backend: one pretty-printed JSON file per issue under `.jit/issues/`,
/// `.jit/gates.json` and `.jit/events.jsonl`. Every read goes to the files.
///
/// Sessions hold `flock` on `.jit/.lock` (shared to read, exclusive to write) through a descriptor
/// of their own, so sessions on other threads of this process exclude each other as other processes
/// do. A write session's unit is committed through `FileJournal`; a journal left by a dead writer is
/// rolled back before any session reads.
public struct JSONFileStore: Store {
  public let repository: RepositoryLayout
  public let lock: FileLock
  /// Where tests stop commits; `.none` otherwise.
  public let faults: FaultInjector
  /// The files this store's sessions passed over (see `SkippedFile`), for the caller to report.
  public let skippedFiles: SkippedFileLog

  public init(
    layout: RepositoryLayout, lockTimeout: Duration = .seconds(30), faults: FaultInjector = .none,
    skippedFiles: SkippedFileLog = SkippedFileLog()
  ) {
    self.repository = layout
    self.lock = FileLock(path: layout.lockFile, timeout: lockTimeout)
    self.faults = faults
    self.skippedFiles = skippedFiles
  }

  public func read<T>(_ body: (any ReadSession) throws -> T) throws -> T {
    try withSession(.shared) { try body(FileSession(repository, skippedFiles: skippedFiles)) }
  }

  public func write<T>(_ body: (any WriteSession) throws -> T) throws -> T {
    try withSession(.exclusive) {
      let session = StagingSession(base: FileSession(repository, skippedFiles: skippedFiles))
      let result = try body(session)
      try commit(session.unit, afterFiles: {})
      return result
    }
  }

  /// Runs `body` holding the lock in `mode`, after rolling back what a dead writer left.
  public func withSession<T>(_ mode: FileLock.Mode, _ body: () throws -> T) throws -> T {
    try repository.refuseLinkedDirectories()
    for _ in 0..<3 {
      let clean = try lock.withLock(mode) { () -> T? in
        if mode == .exclusive {
          try FileJournal.recover(repository)
        } else if FileJournal.isPending(repository) {
          return nil  // needs the exclusive lock: let go, recover, come back
        }
        return try body()
      }
      if let clean { return clean }
      do {
        try lock.withLock(.exclusive) { _ = try FileJournal.recover(repository) }
      } catch let error as JitError where error.code == .ioError && mode == .shared {
        throw JitError(
          .ioError,
          "an interrupted write (\(repository.relative(FileJournal.path(repository)))) must be rolled back "
            + "before anything is read, and it cannot be here: \(error.message)",
          details: error.details)
      }
    }
    throw JitError.io("an interrupted write keeps coming back", path: FileJournal.path(repository))
  }

  /// Writes a unit through the journal; `afterFiles` lets an index follow inside the same unit.
  public func commit(_ unit: StagedUnit, afterFiles: () throws -> Void) throws {
    guard !unit.isEmpty else { return }
    var writes: [(path: String, content: [UInt8]?)] = []
    if let gates = unit.gates { writes.append(("gates.json", try JSONCoding.encodeFile(gates))) }
    for issue in unit.savedIssues {
      writes.append(("issues/\(issue.id.rawValue).json", try JSONCoding.encodeFile(issue)))
    }
    for id in unit.removed.sorted() where unit.saved[id] == nil {
      writes.append(("issues/\(id.rawValue).json", nil))
    }
    if !unit.leases.isEmpty { try FileSystem.createDirectory(repository.leasesDirectory) }
    for id in unit.leases.keys.sorted() {
      let lease = unit.leases[id] ?? nil
      writes.append(("run/leases/\(id.rawValue).json", try lease.map { try JSONCoding.encodeFile($0) }))
    }
    try FileJournal.commit(
      repository, writes: writes, events: try FileEventLog.lines(unit.events), faults: faults,
      afterFiles: afterFiles)
  }

  /// The id a file name stands for, if it is an issue file (`<ULID>.json`).
  public static func id(fromFileName name: String) -> IssueID? {
    guard name.hasSuffix(".json") else { return nil }
    return IssueID(String(name.dropLast(5)))
  }
}

/// A session's reads of the files; the lock is held by whoever made it.
public struct FileSession: ReadSession {
  public let repository: RepositoryLayout
  public let skippedFiles: SkippedFileLog

  public init(_ repository: RepositoryLayout, skippedFiles: SkippedFileLog = SkippedFileLog()) {
    self.repository = repository
    self.skippedFiles = skippedFiles
  }

  public func allIDs() throws -> [IssueID] {
    var ids: [IssueID] = []
    for name in try FileSystem.list(repository.issuesDirectory) {
      if let id = JSONFileStore.id(fromFileName: name) {
        ids.append(id)
      } else if name.hasSuffix(".tmp") {
        // Temporary files are made only under the exclusive lock, which this session excludes:
        // any here is a dead writer's. (On a read-only checkout the unlink fails, harmlessly.)
        _ = try? FileSystem.remove(repository.issuesDirectory + "/" + name)
      }
    }
    return ids.sorted()
  }

  public func load(_ id: IssueID) throws -> Issue {
    let path = repository.issueFile(id)
    guard let bytes = try repository.read(path) else { throw JitError.issueNotFound(id.rawValue) }
    return try Self.decode(bytes, id: id, path: repository.relative(path))
  }

  /// An issue file's content as the issue it must be: `CORRUPT_FILE` if it does not parse or names
  /// another id.
  public static func decode(_ bytes: [UInt8], id: IssueID, path: String) throws -> Issue {
    let issue = try JSONCoding.decodeFile(Issue.self, bytes, path: path)
    guard issue.id == id else {
      throw JitError.corruptFile(path, "its id is \(issue.id) but its file name says \(id)")
    }
    return issue
  }

  public func contains(_ id: IssueID) throws -> Bool { FileSystem.exists(repository.issueFile(id)) }

  public func loadAll() throws -> [Issue] { try loadEach(allIDs()) }

  public func gates() throws -> GateRegistry {
    guard let bytes = try repository.read(repository.gatesFile) else { return GateRegistry() }
    let registry = try JSONCoding.decodeFile(
      GateRegistry.self, bytes, path: repository.relative(repository.gatesFile))
    for (key, definition) in registry.gates where definition.key != key {
      throw JitError.corruptFile(
        repository.relative(repository.gatesFile), "gate '\(key)' says its key is '\(definition.key)'")
    }
    return registry
  }

  public func events() throws -> EventLogContents { try FileEventLog(path: repository.eventsFile).readAll() }

  public func lease(_ id: IssueID) throws -> Lease? {
    let path = repository.leasesDirectory + "/" + id.rawValue + ".json"
    guard let bytes = try FileSystem.read(path) else { return nil }
    // A lease that does not parse is void: it lives in git-ignored run state, and the claim it
    // belonged to is then a claim without a lease (which never expires) until it is renewed.
    return try? JSONCoding.decodeFile(Lease.self, bytes, path: repository.relative(path))
  }

  public func leases() throws -> [Lease] {
    guard FileSystem.exists(repository.leasesDirectory) else { return [] }
    return try FileSystem.list(repository.leasesDirectory).compactMap { name in
      guard let id = JSONFileStore.id(fromFileName: name) else { return nil }
      return try lease(id)
    }.sorted { $0.id < $1.id }
  }
}

import JitCore
import JitSystem

/// Opening, checking, refreshing and rebuilding the index.
extension IndexSession {
  /// How much of the index file reads may map into memory.
  static let mmapSize = 536_870_912

  /// Runs `body` on a fresh index; nil when the index cannot be used, so that the caller reads the
  /// files instead.
  func indexed<T>(_ body: (SQLiteDatabase) throws -> T) throws -> T? {
    guard let database = usableDatabase() else { return nil }
    do {
      return try body(database)
    } catch is SQLiteError {
      discard()
      return nil
    } catch let error as JitError where error.code == .lockTimeout {
      unusable = true  // the cache lock was not free in time: the files answer instead
      return nil
    }
  }

  /// The connection, checked fresh for this session; nil if the index cannot be made usable.
  func usableDatabase() -> SQLiteDatabase? {
    if unusable { return nil }
    for attempt in 0..<2 {
      do {
        let database = try openDatabase()
        if !verified {
          try ensureFresh(database)
          verified = true
        }
        return database
      } catch let error as JitError where error.code == .lockTimeout {
        // Another process is refreshing the index and did not finish in time: this session reads
        // the files rather than wait past the lock timeout.
        break
      } catch {
        // A corrupt or unreadable index: start again from an empty one, once.
        if attempt == 0 { discard() }
      }
    }
    unusable = true
    connection = nil
    return nil
  }

  /// Deletes the index files; the next use rebuilds them from the issue files.
  func discard() {
    connection = nil
    verified = false
    store.pool.invalidate()
    try? withCacheLock {
      for suffix in ["", "-wal", "-shm"] { unlink(cachePath + suffix) }
    }
  }

  func openDatabase() throws -> SQLiteDatabase {
    if let connection { return connection }
    let (pooled, generation) = store.pool.take()
    self.generation = generation
    if let pooled {
      connection = pooled
      return pooled
    }
    try FileSystem.createDirectory(repository.cacheDirectory)
    let database = try SQLiteDatabase(path: cachePath)
    // A rebuildable cache needs no fsync. Reads go through a memory map (no copy per page); the
    // page cache stays small so that a rebuild of 100,000 issues keeps its memory low.
    try database.execute(
      "PRAGMA synchronous=OFF; PRAGMA mmap_size=\(Self.mmapSize); PRAGMA cache_size=-8192")
    if try !hasCurrentSchema(database) {
      try withCacheLock {
        if try hasCurrentSchema(database) { return }
        // Foreign (another schema or version) or empty: start from nothing.
        try database.execute(
          "PRAGMA writable_schema=RESET; DROP TABLE IF EXISTS meta; DROP TABLE IF EXISTS issues; "
            + "DROP TABLE IF EXISTS deps; DROP TABLE IF EXISTS gates; VACUUM")
        try database.execute(IndexSchema.create)
        try database.statement("INSERT INTO meta(one, schema, tool) VALUES (1, ?, ?)")
          .bind(.int(IndexSchema.version), .text(toolVersion)).run()
      }
    }
    connection = database
    return database
  }

  private func hasCurrentSchema(_ database: SQLiteDatabase) throws -> Bool {
    let statement = try database.statement(
      "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'")
    defer { statement.reset() }
    guard try statement.step(), statement.int(0) == 1 else { return false }
    let meta = try database.statement("SELECT schema, tool FROM meta WHERE one = 1")
    defer { meta.reset() }
    guard try meta.step() else { return false }
    return meta.int(0) == IndexSchema.version && meta.text(1) == toolVersion
  }

  /// Serializes the processes that rebuild or refresh the index (readers hold only the shared
  /// repository lock), so that they do not do the same work twice or delete each other's files.
  func withCacheLock<T>(_ body: () throws -> T) throws -> T {
    try FileSystem.createDirectory(repository.cacheDirectory)
    // Never past the session's deadline: a reader that cannot have the index answers from the files.
    let left = max(ContinuousClock.now.duration(to: deadline), .zero)
    return try FileLock(path: repository.cacheDirectory + "/index.lock", timeout: left)
      .withLock(.exclusive, body)
  }

  struct Meta {
    var stamp: DirectoryStamp?
    var racy: Bool
    var count: Int64
  }

  func readMeta(_ database: SQLiteDatabase) throws -> Meta {
    let statement = try database.statement(
      "SELECT dir_mtime, dir_ctime, dir_ino, racy, count FROM meta WHERE one = 1")
    defer { statement.reset() }
    guard try statement.step() else { throw SQLiteError(code: 0, message: "no meta row") }
    let stamp =
      statement.isNull(0)
      ? nil : DirectoryStamp(mtime: statement.int(0), ctime: statement.int(1), inode: statement.int(2))
    return Meta(stamp: stamp, racy: statement.int(3) != 0, count: statement.int(4))
  }

  func writeMeta(_ database: SQLiteDatabase, stamp: DirectoryStamp, racy: Bool, count: Int64) throws {
    try database.statement(
      "UPDATE meta SET dir_mtime = ?, dir_ctime = ?, dir_ino = ?, racy = ?, count = ? WHERE one = 1"
    ).bind(.int(stamp.mtime), .int(stamp.ctime), .int(stamp.inode), .int(racy ? 1 : 0), .int(count)).run()
  }

  /// The O(1) check, then whatever refresh it calls for.
  func ensureFresh(_ database: SQLiteDatabase) throws {
    let meta = try readMeta(database)
    guard let current = IssueFiles.directoryStamp(repository.issuesDirectory) else {
      throw JitError.io("the issues directory is missing", path: repository.issuesDirectory)
    }
    if meta.stamp == current && !meta.racy {
      if meta.count <= IndexedStore.sweepLimit { try sweep(database) }
      return
    }
    try withCacheLock {
      let again = try readMeta(database)
      if again.stamp == IssueFiles.directoryStamp(repository.issuesDirectory) && !again.racy { return }
      try refresh(database)
    }
  }

  /// Lists the directory and re-reads every file that is new or whose stamp changed; drops rows of
  /// files that are gone. An index with no rows is built in one go (`buildAll`). Repeats if the
  /// directory changed while it was being read.
  func refresh(_ database: SQLiteDatabase) throws {
    // A build that was interrupted leaves its mark: start again from an empty index.
    if try readMeta(database).count < 0 { throw SQLiteError(code: 0, message: "an interrupted build") }
    for _ in 0..<5 {
      guard let before = IssueFiles.directoryStamp(repository.issuesDirectory) else {
        throw JitError.io("the issues directory is missing", path: repository.issuesDirectory)
      }
      let keys = try IssueListing.keys(repository.issuesDirectory)
      let empty = try !hasRows(database)
      if empty { try buildAll(database, keys: keys) }
      try database.transaction {
        if !empty {
          // In id order, which is creation order: rows then lie on disk roughly in the order
          // answers read them (priority, then age), so a large answer reads pages in sequence.
          let changes = try changes(database, keys: keys)
          let progress = IndexProgress(total: changes.changed.count)
          defer { progress.finish() }
          try reindex(changes.changed, in: database, now: IssueFiles.now(), progress: progress)
          for name in changes.gone { try deleteRows(name, in: database) }
        }
        let after = IssueFiles.directoryStamp(repository.issuesDirectory)
        let racy = IssueFiles.now() - max(before.mtime, before.ctime) < IssueFiles.racyWindowNanoseconds
        // A change during the listing leaves the old stamp and the racy flag, so it is looked at again.
        try writeMeta(database, stamp: before, racy: racy || after != before, count: Int64(keys.count))
      }
      if IssueFiles.directoryStamp(repository.issuesDirectory) == before { return }
    }
  }

  /// Stats every file of a small repository and re-reads those whose stamp changed: this is what
  /// catches an edit made in place, which leaves the directory's stamp alone.
  func sweep(_ database: SQLiteDatabase) throws {
    let rows = try storedStamps(database)
    var changed: [IssueID] = []
    for (name, stored) in rows {
      guard let id = IssueID(name) else { continue }
      let stamp = IssueFiles.fileStamp(repository.issueFile(id))
      if stamp != stored { changed.append(id) }
    }
    guard !changed.isEmpty else { return }
    let renderer = IssueJSON()
    try withCacheLock {
      try database.transaction {
        let now = IssueFiles.now()
        for id in changed { try reindex(id, in: database, renderer: renderer, now: now) }
      }
    }
  }

  func storedStamps(_ database: SQLiteDatabase) throws -> [String: FileStamp] {
    let statement = try database.statement("SELECT id, mtime, ctime, size, ino FROM issues")
    var rows: [String: FileStamp] = [:]
    while try statement.step() {
      guard let id = statement.text(0) else { continue }
      rows[id] = FileStamp(
        mtime: statement.int(1), ctime: statement.int(2), size: statement.int(3), inode: statement.int(4))
    }
    return rows
  }

  /// Reads one file and replaces its rows: the issue's, or a `broken` row if it does not parse.
  func reindex(_ id: IssueID, in database: SQLiteDatabase, renderer: IssueJSON, now: Int64) throws {
    try write(ParsedIssueFile.read(id, layout: repository, renderer: renderer), in: database, now: now)
  }

  /// Re-syncs the row of an issue a command just read from its file, if its stamp differs.
  func resync(_ issue: Issue, stamp: FileStamp) {
    guard !unusable, let database = try? openDatabase() else { return }
    guard let statement = try? database.statement("SELECT mtime, ctime, size, ino FROM issues WHERE id = ?")
    else { return }
    defer { statement.reset() }
    statement.bind(.text(issue.id.rawValue))
    if (try? statement.step()) == true,
      FileStamp(
        mtime: statement.int(0), ctime: statement.int(1), size: statement.int(2), inode: statement.int(3))
        == stamp
    {
      return
    }
    let storable = IssueFiles.storable(stamp, now: IssueFiles.now())
    _ = try? database.transaction {
      try writeRows(issue, stamp: storable, in: database, renderer: IssueJSON())
    }
  }
}

import JitCore
import Synchronization

/// The files as the source of truth, with a derived SQLite index under `.jit/cache/` that answers
/// lists, queries, id suffixes and graph edges without reading every file.
///
/// - The index is checked before it is trusted, once per session, in O(1): the issues directory's
///   mtime, ctime and inode (every file added, removed or renamed in it changes them), and the
///   index's schema and tool version. A changed directory is re-listed and every file whose stamp
///   (mtime, ctime, size, inode) changed is read again; a missing, corrupt or foreign index is
///   deleted and rebuilt. Small repositories (`sweepLimit` issues or fewer) also stat every file
///   each time, which catches edits made in place.
/// - An issue a command acts on is always read from its file, and its row re-synced if it differs.
/// - A write session's unit goes through the plain store's journal; the rows follow inside it.
/// - When the index cannot be used (a read-only cache, or another process holding the cache lock
///   past the lock timeout), the session reads the files.
///
/// Every session has its own state (`IndexSession`); the store itself holds only its configuration
/// and a pool of idle connections, so one store may be shared by any number of threads and tasks.
public struct IndexedStore: Store {
  /// Repositories this small are swept (every file stat-ed) per session: about 2.5 µs a file, so
  /// at most about 1.5 ms, which stays small next to a command's start-up.
  public static let sweepLimit = 500

  /// The plain store that reads and writes the files.
  public let files: JSONFileStore
  /// Written into the index; an index from another version is rebuilt.
  public let toolVersion: String
  let pool: ConnectionPool

  public init(
    layout: RepositoryLayout, toolVersion: String, lockTimeout: Duration = .seconds(30),
    faults: FaultInjector = .none, skippedFiles: SkippedFileLog = SkippedFileLog()
  ) {
    self.files = JSONFileStore(
      layout: layout, lockTimeout: lockTimeout, faults: faults, skippedFiles: skippedFiles)
    self.toolVersion = toolVersion
    self.pool = ConnectionPool()
  }

  public var repository: RepositoryLayout { files.repository }

  public func read<T>(_ body: (any ReadSession) throws -> T) throws -> T {
    let deadline = ContinuousClock.now.advanced(by: files.lock.timeout)
    return try files.withSession(.shared) {
      let session = IndexSession(store: self, deadline: deadline)
      defer { session.close() }
      return try body(session)
    }
  }

  public func write<T>(_ body: (any WriteSession) throws -> T) throws -> T {
    let deadline = ContinuousClock.now.advanced(by: files.lock.timeout)
    return try files.withSession(.exclusive) {
      let session = IndexSession(store: self, deadline: deadline)
      defer { session.close() }
      let staging = StagingSession(base: session)
      let result = try body(staging)
      let unit = staging.unit
      guard !unit.isEmpty else { return result }
      // Fresh before the files change, so that the unit's own writes are not taken for outside ones.
      let database = session.usableDatabase()
      try files.commit(unit) {
        guard let database else { return }
        do {
          try session.apply(unit, to: database)
        } catch {
          // The files are being written; an index that missed them must not be trusted again.
          session.discard()
        }
      }
      return result
    }
  }
}

/// Idle SQLite connections, kept between sessions of one store (a connection keeps its prepared
/// statements). A session takes one, or opens one, and gives it back when it ends.
final class ConnectionPool: Sendable {
  private struct State {
    var idle: [SQLiteDatabase] = []
    /// Bumped when the index files are deleted: connections of an older generation are dropped.
    var generation = 0
  }
  private let state = Mutex(State())
  static let capacity = 8

  func take() -> (SQLiteDatabase?, Int) {
    state.withLock { state in (state.idle.popLast(), state.generation) }
  }

  func give(_ database: SQLiteDatabase, generation: Int) {
    state.withLock { state in
      if generation == state.generation && state.idle.count < Self.capacity { state.idle.append(database) }
    }
  }

  /// Forgets every idle connection (the index files are gone).
  func invalidate() {
    state.withLock { state in
      state.idle.removeAll()
      state.generation += 1
    }
  }
}

/// One session over the index: its connection, whether the index was checked fresh in it, the
/// registry its writes use. Made inside the repository lock by `IndexedStore` and used by one
/// closure on one thread, so its mutable state needs no lock of its own (it is not `Sendable`).
final class IndexSession: ReadSession {
  let store: IndexedStore
  let files: FileSession
  let repository: RepositoryLayout
  let cachePath: String
  let toolVersion: String
  /// When waits for the cache lock give up, so that no reader waits past the lock timeout.
  let deadline: ContinuousClock.Instant

  var connection: SQLiteDatabase?
  var generation = 0
  var unusable = false
  var verified = false
  var sessionGates: GateRegistry?

  init(store: IndexedStore, deadline: ContinuousClock.Instant) {
    self.store = store
    self.repository = store.repository
    self.files = FileSession(store.repository, skippedFiles: store.files.skippedFiles)
    self.cachePath = store.repository.cacheDirectory + "/" + IndexSchema.fileName
    self.toolVersion = store.toolVersion
    self.deadline = deadline
  }

  /// Gives the connection back to the pool.
  func close() {
    if let connection, !unusable { store.pool.give(connection, generation: generation) }
    connection = nil
  }

  // MARK: Reads that go to the files

  func load(_ id: IssueID) throws -> Issue {
    let path = repository.issueFile(id)
    guard let (bytes, stamp) = try IssueFiles.read(path, layout: repository) else {
      throw JitError.issueNotFound(id.rawValue)
    }
    let issue = try FileSession.decode(bytes, id: id, path: repository.relative(path))
    resync(issue, stamp: stamp)
    return issue
  }

  func contains(_ id: IssueID) throws -> Bool { try files.contains(id) }

  func loadAll() throws -> [Issue] { try files.loadAll() }

  func gates() throws -> GateRegistry { try files.gates() }

  func events() throws -> EventLogContents { try files.events() }

  func lease(_ id: IssueID) throws -> Lease? { try files.lease(id) }

  func leases() throws -> [Lease] { try files.leases() }
  var skippedFiles: SkippedFileLog { files.skippedFiles }

  // MARK: Reads the index answers

  func allIDs() throws -> [IssueID] {
    try indexed { database in
      let statement = try database.statement("SELECT id FROM issues ORDER BY id")
      var ids: [IssueID] = []
      while try statement.step() { if let id = statement.text(0).flatMap(IssueID.init) { ids.append(id) } }
      return ids
    } ?? files.allIDs()
  }

  func ids(endingWith suffix: String) throws -> [IssueID] {
    let prefix = String(suffix.uppercased().reversed())
    return try indexed { database in
      let statement = try database.statement("SELECT id FROM issues WHERE rid >= ? AND rid < ? ORDER BY id")
      statement.bind(.text(prefix), .text(prefix + "~"))
      var ids: [IssueID] = []
      while try statement.step() { if let id = statement.text(0).flatMap(IssueID.init) { ids.append(id) } }
      return ids
    } ?? files.allIDs().filter { $0.rawValue.hasSuffix(suffix) }
  }

  func dependencies(of id: IssueID) throws -> [IssueID] {
    try indexed { database in
      let dependencies = try Self.ids(database, "SELECT dep FROM deps WHERE issue = ? ORDER BY ord", id)
      // A broken row has no edges, but its file may have some: fail as the plain read fails (a
      // cycle check must not pass through an issue whose dependencies it cannot know).
      if dependencies.isEmpty,
        try !Self.ids(database, "SELECT id FROM issues WHERE id = ? AND broken <> 0", id).isEmpty
      {
        _ = try files.load(id)
      }
      return dependencies
    } ?? files.dependencies(of: id)
  }

  func dependents(of id: IssueID) throws -> [IssueID] {
    try indexed { database in
      try Self.ids(database, "SELECT DISTINCT issue FROM deps WHERE dep = ? ORDER BY issue", id)
    } ?? files.dependents(of: id)
  }

  func issues(requiring key: String) throws -> [IssueID] {
    try indexed { database in
      let statement = try database.statement("SELECT DISTINCT issue FROM gates WHERE key = ? ORDER BY issue")
      statement.bind(.text(key))
      var ids: [IssueID] = []
      while try statement.step() { if let id = statement.text(0).flatMap(IssueID.init) { ids.append(id) } }
      return ids
    } ?? files.issues(requiring: key)
  }

  var indexesEdges: Bool { !unusable }

  static func ids(_ database: SQLiteDatabase, _ sql: String, _ id: IssueID) throws -> [IssueID] {
    let statement = try database.statement(sql)
    statement.bind(.text(id.rawValue))
    var ids: [IssueID] = []
    while try statement.step() { if let id = statement.text(0).flatMap(IssueID.init) { ids.append(id) } }
    return ids
  }

  // MARK: Writes

  /// Applies a committed unit's writes to the rows and records the directory's stamp after them.
  func apply(_ unit: StagedUnit, to database: SQLiteDatabase) throws {
    if let gates = unit.gates { sessionGates = gates }
    var writes: [PendingWrite] = []
    for issue in unit.savedIssues {
      writes.append(.save(issue, IssueFiles.fileStamp(repository.issueFile(issue.id)) ?? .unknown))
    }
    for id in unit.removed.sorted() where unit.saved[id] == nil { writes.append(.remove(id)) }
    try apply(writes, to: database)
  }

  enum PendingWrite {
    case save(Issue, FileStamp)
    case remove(IssueID)
  }
}

import JitCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The files as the source of truth, with a derived SQLite index under `.jit/cache/` that answers
/// lists, queries, id suffixes and graph edges without reading every file.
///
/// - The index is checked before it is trusted, once per lock session, in O(1): the issues
///   directory's mtime, ctime and inode (every file added, removed or renamed in it changes them),
///   and the index's schema and tool version. A changed directory is re-listed and every file
///   whose stamp (mtime, ctime, size, inode) changed is read again; a missing, corrupt or foreign
///   index is deleted and rebuilt. Small repositories (`sweepLimit` issues or fewer) also stat every
///   file each time, which catches edits made in place.
/// - An issue a command acts on is always read from its file, and its row re-synced if it differs.
/// - Writes update the rows in the same locked mutation that writes the files.
/// - When the index cannot be used at all (a read-only cache, say), every call reads the files.
///
/// Thread safety: a jit process runs one command at a time on one thread; the session fields are
/// only touched by that thread inside `withLock`, and the SQLite connection is opened in serialized
/// mode. That is why this class may be `@unchecked Sendable`.
public final class IndexedStore: IssueStore, @unchecked Sendable {
  /// Repositories this small are swept (every file stat-ed) per command: about 2.5 µs a file, so
  /// at most about 1.5 ms, which stays small next to a command's start-up.
  public static let sweepLimit = 500

  /// The plain store that reads and writes the files.
  public let files: JSONFileStore
  /// Written into the index; an index from another version is rebuilt.
  public let toolVersion: String
  let repository: RepositoryLayout
  let cachePath: String

  var connection: SQLiteDatabase?
  var unusable = false
  var sessionDepth = 0
  var sessionVerified = false
  var pendingWrites: [PendingWrite]?
  var sessionGates: GateRegistry?

  enum PendingWrite {
    case save(Issue, FileStamp)
    case remove(IssueID)
  }

  public init(layout: RepositoryLayout, toolVersion: String, lockTimeout: Duration = .seconds(30)) {
    self.files = JSONFileStore(layout: layout, lockTimeout: lockTimeout)
    self.toolVersion = toolVersion
    self.repository = layout
    self.cachePath = layout.cacheDirectory + "/" + IndexSchema.fileName
  }

  public var layout: RepositoryLayout? { repository }

  public func withLock<T>(_ mode: FileLock.Mode, _ body: () throws -> T) throws -> T {
    if sessionDepth > 0 { return try body() }
    return try files.lock.withLock(mode) {
      sessionDepth += 1
      sessionVerified = false
      sessionGates = nil
      defer {
        sessionDepth -= 1
        sessionVerified = false
        sessionGates = nil
      }
      return try body()
    }
  }

  // MARK: Reads that go to the files

  public func load(_ id: IssueID) throws -> Issue {
    let path = repository.issueFile(id)
    guard let (bytes, stamp) = try IssueFiles.read(path) else { throw JitError.issueNotFound(id.rawValue) }
    let issue = try JSONCoding.decodeFile(Issue.self, bytes, path: repository.relative(path))
    guard issue.id == id else {
      throw JitError.corruptFile(
        repository.relative(path), "its id is \(issue.id) but its file name says \(id)")
    }
    resync(issue, stamp: stamp)
    return issue
  }

  public func contains(_ id: IssueID) throws -> Bool { try files.contains(id) }

  public func loadAll() throws -> [Issue] { try files.loadAll() }

  public func loadGates() throws -> GateRegistry { try files.loadGates() }

  public func saveGates(_ registry: GateRegistry) throws { try files.saveGates(registry) }

  // MARK: Reads the index answers

  public func allIDs() throws -> [IssueID] {
    try indexed { database in
      let statement = try database.statement("SELECT id FROM issues ORDER BY id")
      var ids: [IssueID] = []
      while try statement.step() { if let id = statement.text(0).flatMap(IssueID.init) { ids.append(id) } }
      return ids
    } ?? files.allIDs()
  }

  public func ids(endingWith suffix: String) throws -> [IssueID] {
    let prefix = String(suffix.uppercased().reversed())
    return try indexed { database in
      let statement = try database.statement("SELECT id FROM issues WHERE rid >= ? AND rid < ? ORDER BY id")
      statement.bind(.text(prefix), .text(prefix + "~"))
      var ids: [IssueID] = []
      while try statement.step() { if let id = statement.text(0).flatMap(IssueID.init) { ids.append(id) } }
      return ids
    } ?? files.allIDs().filter { $0.rawValue.hasSuffix(suffix) }
  }

  public func dependencies(of id: IssueID) throws -> [IssueID] {
    try indexed { database in
      try Self.ids(database, "SELECT dep FROM deps WHERE issue = ? ORDER BY ord", id)
    } ?? (try? files.load(id).dependencies) ?? []
  }

  public func dependents(of id: IssueID) throws -> [IssueID] {
    try indexed { database in
      try Self.ids(database, "SELECT DISTINCT issue FROM deps WHERE dep = ? ORDER BY issue", id)
    } ?? files.loadAll().filter { $0.dependencies.contains(id) }.map(\.id).sorted()
  }

  public func issues(requiring key: String) throws -> [IssueID] {
    try indexed { database in
      let statement = try database.statement("SELECT DISTINCT issue FROM gates WHERE key = ? ORDER BY issue")
      statement.bind(.text(key))
      var ids: [IssueID] = []
      while try statement.step() { if let id = statement.text(0).flatMap(IssueID.init) { ids.append(id) } }
      return ids
    } ?? files.loadAll().filter { $0.gatesRequired.contains(key) }.map(\.id).sorted()
  }

  public var indexesEdges: Bool { !unusable }

  static func ids(_ database: SQLiteDatabase, _ sql: String, _ id: IssueID) throws -> [IssueID] {
    let statement = try database.statement(sql)
    statement.bind(.text(id.rawValue))
    var ids: [IssueID] = []
    while try statement.step() { if let id = statement.text(0).flatMap(IssueID.init) { ids.append(id) } }
    return ids
  }

  // MARK: Writes

  public func save(_ issue: Issue) throws {
    guard pendingWrites != nil else { return try batch { try save(issue) } }
    try files.save(issue)
    pendingWrites?.append(.save(issue, IssueFiles.fileStamp(repository.issueFile(issue.id)) ?? .unknown))
  }

  public func remove(_ id: IssueID) throws {
    guard pendingWrites != nil else { return try batch { try remove(id) } }
    try files.remove(id)
    pendingWrites?.append(.remove(id))
  }

  /// Makes sure the index is fresh before the files change (so that the mutation's own writes are
  /// not mistaken for outside changes), runs the writes, then applies them to the index and records
  /// the directory's new stamp, in one SQLite transaction.
  public func batch<T>(_ body: () throws -> T) throws -> T {
    if pendingWrites != nil { return try body() }
    return try withLock(.exclusive) {
      let database = usableDatabase()
      pendingWrites = []
      defer { pendingWrites = nil }
      let result = try body()
      if let database, let writes = pendingWrites, !writes.isEmpty {
        do {
          try apply(writes, to: database)
        } catch {
          // The files are written; an index that missed them must not be trusted again.
          discard()
        }
      }
      return result
    }
  }
}

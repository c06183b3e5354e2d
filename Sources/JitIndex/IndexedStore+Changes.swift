import CSQLite
import JitCore
import JitSystem

/// What a refresh finds changed, and how it re-reads it.
extension IndexSession {
  struct Changes {
    /// Files that are new or whose stamp differs from their row's (or that vanished since the
    /// listing), in id order.
    var changed: [IssueID] = []
    /// Rows whose file is gone.
    var gone: [String] = []
  }

  /// Compares the listing with the rows in one pass over both in id order: the rows come from an
  /// index that holds the stamps, and no `String` is made for an unchanged file.
  func changes(_ database: SQLiteDatabase, keys: [IDKey]) throws -> Changes {
    let stamps = IssueListing.stamps(keys, in: repository.issuesDirectory)
    var changes = Changes()
    let statement = try database.statement(
      "SELECT id, mtime, ctime, size, ino FROM issues INDEXED BY issues_stamps ORDER BY id")
    defer { statement.reset() }
    var next = 0
    func changed(_ index: Int) {
      if let id = keys[index].id { changes.changed.append(id) }
    }
    while try statement.step() {
      guard let key = statement.idKey(0) else {
        if let name = statement.text(0) { changes.gone.append(name) }
        continue
      }
      while next < keys.count && keys[next] < key {
        changed(next)
        next += 1
      }
      guard next < keys.count, keys[next] == key else {
        if let name = statement.text(0) { changes.gone.append(name) }
        continue
      }
      let stored = FileStamp(
        mtime: statement.int(1), ctime: statement.int(2), size: statement.int(3), inode: statement.int(4))
      if stamps[next] != stored { changed(next) }
      next += 1
    }
    while next < keys.count {
      changed(next)
      next += 1
    }
    return changes
  }

  /// Re-reads `ids`' files (on every core) and replaces their rows.
  func reindex(_ ids: [IssueID], in database: SQLiteDatabase, now: Int64, progress: IndexProgress) throws {
    var done = 0
    try ParsedIssueFile.readAll(ids, layout: repository) { files in
      for file in files { try write(file, in: database, now: now) }
      done += files.count
      progress.update(done)
    }
  }

  /// Replaces the rows of one file read: the issue's, a `broken` row, or none if it is gone.
  func write(_ file: ParsedIssueFile, in database: SQLiteDatabase, now: Int64) throws {
    switch file.content {
    case .failed(let error): throw error
    case .vanished: try deleteRows(file.id.rawValue, in: database)
    case .broken: try writeBrokenRow(file.id, stamp: IssueFiles.storable(file.stamp, now: now), in: database)
    case .issue(let issue, let view):
      let stamp = IssueFiles.storable(file.stamp, now: now)
      if try updateInPlace(issue, view: view, stamp: stamp, in: database) { return }
      try writeRows(issue, view: view, stamp: stamp, in: database)
    }
  }

  func hasRows(_ database: SQLiteDatabase) throws -> Bool {
    let statement = try database.statement("SELECT 1 FROM issues LIMIT 1")
    defer { statement.reset() }
    return try statement.step()
  }
}

extension Statement {
  /// A text column as an id key, without making a `String`.
  func idKey(_ column: Int32) -> IDKey? {
    guard let text = sqlite3_column_text(pointer, column) else { return nil }
    return IDKey(UnsafeRawBufferPointer(start: text, count: Int(sqlite3_column_bytes(pointer, column))))
  }
}

/// "indexing 45,000/100,000 issues…" on stderr, rewritten in place, when indexing takes over a
/// second and stderr is a terminal; cleared when it is done.
final class IndexProgress {
  let total: Int
  private let started = IssueFiles.now()
  private let terminal: Bool
  private var shown = false
  private var lastShown: Int64 = 0

  init(total: Int) {
    self.total = total
    terminal = isatty(2) == 1
  }

  func update(_ done: Int) {
    guard terminal else { return }
    let now = IssueFiles.now()
    guard now - started > 1_000_000_000, now - lastShown > 100_000_000 else { return }
    lastShown = now
    shown = true
    emit("\rindexing \(Self.grouped(done))/\(Self.grouped(total)) issues\u{2026}")
  }

  func finish() {
    guard shown else { return }
    shown = false
    emit("\r\u{1B}[K")
  }

  private func emit(_ text: String) {
    var bytes = Array(text.utf8)
    _ = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
  }

  /// 45000 as "45,000".
  static func grouped(_ number: Int) -> String {
    var digits = Array(String(number))
    var index = digits.count - 3
    while index > 0 {
      digits.insert(",", at: index)
      index -= 3
    }
    return String(digits)
  }
}

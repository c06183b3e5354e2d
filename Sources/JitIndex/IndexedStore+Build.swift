import CSQLite
import JitCore
import JitSystem

/// Building the rows of every issue at once, into an index that has none (the first command after
/// a clone, or after the cache was deleted).
///
/// The files are read, parsed and rendered on every core (`ParsedIssueFile.readAll`); this thread
/// only inserts rows, with statements prepared once, into tables without most of their secondary
/// indexes, which are made at the end. Issues come in id order, which is creation order, so an issue's
/// dependencies have almost always been seen before it: its edges get their copies of the
/// dependency's state and title, and its blocked state, as it is inserted. The few issues with a
/// dependency that comes later are finished with one set-wise update and `updateBlocked` each.
/// The rows are the ones `writeRows` would write, issue by issue.
extension IndexSession {
  /// What the build knows of the issue at each position of the listing.
  private enum Seen {
    case notYet
    /// Vanished, or broken: an edge to it is an edge to a missing issue.
    case missing
    case issue(IssueState, String)
  }

  /// Builds every row without a rollback journal, which halves what is written (the cache is
  /// rebuildable). Until it is done the index is marked as being built (`meta.count` -1, and no
  /// directory stamp), so that a build interrupted half way is never trusted: the next refresh
  /// throws, and the index is deleted and built again.
  func buildAll(_ database: SQLiteDatabase, keys: [IDKey]) throws {
    try database.statement(
      "UPDATE meta SET dir_mtime = NULL, dir_ctime = NULL, dir_ino = NULL, racy = 1, count = -1 WHERE one = 1"
    ).run()
    // If another connection keeps the journal mode from changing, the build runs with the WAL.
    _ = try? journalMode(database, "OFF")
    defer {
      // Back to the WAL, which lets readers read while a writer writes: other connections may
      // hold it up for a moment.
      for _ in 0..<100 {
        if (try? journalMode(database, "WAL")) == "wal" { break }
        usleep(10_000)
      }
    }
    try database.execute("PRAGMA threads=2")  // CREATE INDEX sorts on both cores
    defer { try? database.execute("PRAGMA threads=0") }
    let progress = IndexProgress(total: keys.count)
    defer { progress.finish() }
    try database.transaction { try build(database, keys: keys, now: IssueFiles.now(), progress: progress) }
  }

  /// Sets the journal mode; returns the mode now in force.
  private func journalMode(_ database: SQLiteDatabase, _ mode: String) throws -> String? {
    let statement = try database.statement("PRAGMA journal_mode=\(mode)")
    defer { statement.reset() }
    return try statement.step() ? statement.text(0) : nil
  }

  func build(_ database: SQLiteDatabase, keys: [IDKey], now: Int64, progress: IndexProgress) throws {
    let ids = keys.compactMap(\.id)
    guard ids.count == keys.count else { throw SQLiteError(code: 0, message: "an id that is not one") }
    try database.execute(IndexSchema.dropLaterIndexes)
    let insertIssue = try database.statement(
      """
      INSERT INTO issues(id, rid, state, priority, assignee, created_at, title, view, broken,
        blocked, reasons, reasons_text, mtime, ctime, size, ino, has_deps, hold)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      """)
    let insertBroken = try database.statement(
      "INSERT INTO issues(id, rid, broken, mtime, ctime, size, ino) VALUES (?, ?, 1, ?, ?, ?, ?)")
    let insertEdge = try database.statement(
      "INSERT INTO deps(issue, ord, dep, dep_state, dep_title, dep_done) VALUES (?, ?, ?, ?, ?, ?)")
    let insertGate = try database.statement(
      "INSERT OR REPLACE INTO gates(issue, ord, key, status) VALUES (?, ?, ?, ?)")
    var seen = [Seen](repeating: .notYet, count: ids.count)
    var unfinished: [(String, IssueState)] = []
    var position = 0
    try ParsedIssueFile.readAll(ids, layout: repository) { files in
      for file in files {
        defer { position += 1 }
        let id = file.id.rawValue
        let stamp = IssueFiles.storable(file.stamp, now: now)
        let issue: Issue
        let view: [UInt8]
        switch file.content {
        case .failed(let error): throw error
        case .vanished:
          seen[position] = .missing
          continue
        case .broken:
          seen[position] = .missing
          try insertBroken.bind(
            .text(id), .text(Self.reversed(id)), .int(stamp.mtime), .int(stamp.ctime), .int(stamp.size),
            .int(stamp.inode)
          ).run()
          continue
        case .issue(let read, let rendered):
          issue = read
          view = rendered
        }
        seen[position] = .issue(issue.state, issue.title)
        var reasons = BlockingReasons()
        var complete = true
        for (order, dependency) in issue.dependencies.enumerated() {
          var state: String?
          var title: String?
          if let key = IDKey(dependency.rawValue), let at = Self.position(of: key, in: keys) {
            switch seen[at] {
            case .notYet: complete = false
            case .missing: break
            case .issue(let dependencyState, let dependencyTitle):
              state = dependencyState.rawValue
              title = dependencyTitle
            }
          }
          if state != IssueState.done.rawValue && issue.state.isOpen {
            reasons.dependencies.append(
              DependencyBlocker(id: dependency, title: title, state: state ?? "missing"))
          }
          try insertEdge.bind(
            .text(id), .int(Int64(order)), .text(dependency.rawValue), state.map { .text($0) } ?? .null,
            title.map { .text($0) } ?? .null, .int(state == IssueState.done.rawValue ? 1 : 0)
          ).run()
        }
        for (order, key) in issue.gatesRequired.enumerated() {
          let status = issue.gateStatus(key).status
          try insertGate.bind(.text(id), .int(Int64(order)), .text(key), .text(status.rawValue)).run()
          if issue.state.isOpen, status != .passed,
            let blocker = BlockedQuery.gateBlocker(
              key: key, status: status, issueState: issue.state, gates: registryForWrites())
          {
            reasons.gates.append(blocker)
          }
        }
        if issue.state.isDerived { reasons.hold = issue.hold }
        if !complete { unfinished.append((id, issue.state)) }
        let blocked = complete && !reasons.isEmpty
        insertIssue.bind(
          .text(id), .text(Self.reversed(id)), .text(issue.state.rawValue), .int(Int64(issue.priority.rank)),
          issue.assignee.map { .text($0.description) } ?? .null, .int(issue.createdAt.millisecondsSince1970),
          .text(issue.title), .null, .int(blocked ? 1 : 0),
          blocked ? .blob(IssueJSON.blockedFields(reasons)) : .null,
          blocked ? .text(reasons.sentence) : .null,
          .int(stamp.mtime), .int(stamp.ctime), .int(stamp.size), .int(stamp.inode),
          .int(issue.dependencies.isEmpty ? 0 : 1), Self.holdColumn(issue.hold)
        )
        // The view, the largest value, is bound without a copy: it lives until the insert is done.
        try view.withUnsafeBytes { bytes in
          sqlite3_bind_blob(insertIssue.pointer, 8, bytes.baseAddress, Int32(bytes.count), nil)
          try insertIssue.run()
        }
      }
      progress.update(position)
    }
    try database.execute(IndexSchema.laterIndexes)
    try database.execute(IndexSession.countAllDependents)
    if !unfinished.isEmpty {
      // Edges to a dependency that came later (or is missing) get its copies now.
      try database.execute(
        """
        UPDATE deps SET
          dep_state = (SELECT state FROM issues WHERE id = deps.dep AND broken = 0),
          dep_title = (SELECT title FROM issues WHERE id = deps.dep AND broken = 0),
          dep_done = coalesce((SELECT state = 'done' FROM issues WHERE id = deps.dep AND broken = 0), 0)
          WHERE dep_state IS NULL
        """)
      for (id, state) in unfinished { try updateBlocked(id, state: state, in: database) }
    }
    // Every row's reasons were computed with this registry's precheck keys.
    try database.statement("UPDATE meta SET gates_fp = ? WHERE one = 1")
      .bind(.text(Self.fingerprint(registryForWrites()))).run()
  }

  /// An id reversed, for `issues.rid` (suffix lookups): ids are ASCII.
  static func reversed(_ id: String) -> String {
    var bytes = Array(id.utf8)
    bytes.reverse()
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Where `key` is in the sorted `keys`, if it is there.
  static func position(of key: IDKey, in keys: [IDKey]) -> Int? {
    var low = 0
    var high = keys.count
    while low < high {
      let middle = (low + high) / 2
      if keys[middle] < key { low = middle + 1 } else { high = middle }
    }
    return low < keys.count && keys[low] == key ? low : nil
  }
}

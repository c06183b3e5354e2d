import JitCore

/// The rows of one issue: `issues` (columns and ready-made JSON), `deps` (its edges) and `gates`
/// (its required gates' statuses, in order).
extension IndexSession {
  func writeRows(_ issue: Issue, stamp: FileStamp, in database: SQLiteDatabase, renderer: IssueJSON) throws {
    try writeRows(issue, view: renderer.element(issue), stamp: stamp, in: database)
  }

  /// The same, with the issue's JSON already rendered (`IssueJSON.element`).
  func writeRows(_ issue: Issue, view: [UInt8], stamp: FileStamp, in database: SQLiteDatabase) throws {
    let id = issue.id.rawValue
    try database.statement(
      """
      INSERT OR REPLACE INTO issues(id, rid, state, priority, assignee, created_at, title, view, broken,
        mtime, ctime, size, ino, has_deps, hold) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?)
      """
    ).bind(
      .text(id), .text(Self.reversed(id)), .text(issue.state.rawValue), .int(Int64(issue.priority.rank)),
      issue.assignee.map { .text($0.description) } ?? .null, .int(issue.createdAt.millisecondsSince1970),
      .text(issue.title), .blob(view), .int(stamp.mtime), .int(stamp.ctime),
      .int(stamp.size), .int(stamp.inode), .int(issue.dependencies.isEmpty ? 0 : 1),
      Self.holdColumn(issue.hold)
    ).run()
    // Its old and new dependencies (and itself: the replaced row starts again at 0) are counted again.
    let before = try Self.ids(database, "SELECT dep FROM deps WHERE issue = ?", issue.id)
    try database.statement("DELETE FROM deps WHERE issue = ?").bind(.text(id)).run()
    let lookup = try database.statement("SELECT state, title FROM issues WHERE id = ? AND broken = 0")
    defer { lookup.reset() }
    for (order, dependency) in issue.dependencies.enumerated() {
      lookup.reset()
      lookup.bind(.text(dependency.rawValue))
      let found = try lookup.step()
      let state = found ? lookup.text(0) : nil
      let title = found ? lookup.text(1) : nil
      try database.statement(
        "INSERT INTO deps(issue, ord, dep, dep_state, dep_title, dep_done) VALUES (?, ?, ?, ?, ?, ?)"
      ).bind(
        .text(id), .int(Int64(order)), .text(dependency.rawValue), state.map { .text($0) } ?? .null,
        title.map { .text($0) } ?? .null, .int(state == "done" ? 1 : 0)
      ).run()
    }
    // The edges that point at this issue carry its state and title.
    try database.statement("UPDATE deps SET dep_state = ?, dep_title = ?, dep_done = ? WHERE dep = ?")
      .bind(
        .text(issue.state.rawValue), .text(issue.title), .int(issue.state == .done ? 1 : 0), .text(id)
      ).run()
    try database.statement("DELETE FROM gates WHERE issue = ?").bind(.text(id)).run()
    for (order, key) in issue.gatesRequired.enumerated() {
      try database.statement("INSERT OR REPLACE INTO gates(issue, ord, key, status) VALUES (?, ?, ?, ?)")
        .bind(.text(id), .int(Int64(order)), .text(key), .text(issue.gateStatus(key).status.rawValue)).run()
    }
    try countDependents(of: [issue.id] + before + issue.dependencies, in: database)
    try updateBlocked(id, state: issue.state, in: database)
    try updateDependentsBlocked(id, in: database)
  }

  /// When a re-read file's edges and gates are the stored ones (most files a pull changes: a new
  /// description, state or title), updates its row in place, setting only the columns that
  /// changed, so that only the indexes on those are touched; then, as `writeRows` does, its blocked
  /// state if its state changed, and its dependents' edges and blocked states if its state or title
  /// did. Returns false, having written nothing, when its edges or gates differ (or it has no row).
  func updateInPlace(_ issue: Issue, view: [UInt8], stamp: FileStamp, in database: SQLiteDatabase) throws
    -> Bool
  {
    let id = issue.id.rawValue
    let row = try database.statement(
      "SELECT rowid, state, priority, assignee, created_at, title, hold FROM issues WHERE id = ? AND broken = 0"
    )
    defer { row.reset() }
    row.bind(.text(id))
    guard try row.step() else { return false }
    // A hold put on or taken off changes whether it is blocked: the whole row is written again.
    guard Self.hold(fromColumn: row.text(6)) == issue.hold else { return false }
    let rowid = row.int(0)
    let stateChanged = row.text(1) != issue.state.rawValue
    let titleChanged = row.text(5) != issue.title
    var columns = ["view", "mtime", "ctime", "size", "ino"]
    var values: [SQLValue] = [
      .blob(view), .int(stamp.mtime), .int(stamp.ctime), .int(stamp.size), .int(stamp.inode),
    ]
    func set(_ column: String, _ value: SQLValue, if changed: Bool) {
      guard changed else { return }
      columns.append(column)
      values.append(value)
    }
    set("state", .text(issue.state.rawValue), if: stateChanged)
    set("priority", .int(Int64(issue.priority.rank)), if: row.int(2) != Int64(issue.priority.rank))
    set(
      "assignee", issue.assignee.map { .text($0.description) } ?? .null,
      if: row.text(3) != issue.assignee?.description)
    set(
      "created_at", .int(issue.createdAt.millisecondsSince1970),
      if: row.int(4) != issue.createdAt.millisecondsSince1970)
    set("title", .text(issue.title), if: titleChanged)
    row.reset()
    guard try storedEdgesAndGatesMatch(issue, in: database) else { return false }
    let update = try database.statement(
      "UPDATE issues SET " + columns.map { "\($0) = ?" }.joined(separator: ", ") + " WHERE rowid = ?")
    for (index, value) in (values + [.int(rowid)]).enumerated() { update.bind(value, at: Int32(index + 1)) }
    try update.run()
    if stateChanged { try updateBlocked(id, state: issue.state, in: database) }
    if stateChanged || titleChanged {
      try database.statement("UPDATE deps SET dep_state = ?, dep_title = ?, dep_done = ? WHERE dep = ?")
        .bind(.text(issue.state.rawValue), .text(issue.title), .int(issue.state == .done ? 1 : 0), .text(id))
        .run()
      try updateDependentsBlocked(id, in: database)
    }
    return true
  }

  /// Whether the stored edges and gate rows are the issue's, in order.
  private func storedEdgesAndGatesMatch(_ issue: Issue, in database: SQLiteDatabase) throws -> Bool {
    let id = issue.id.rawValue
    let edges = try database.statement("SELECT dep FROM deps WHERE issue = ? ORDER BY ord")
    defer { edges.reset() }
    edges.bind(.text(id))
    for dependency in issue.dependencies {
      guard try edges.step(), edges.text(0) == dependency.rawValue else { return false }
    }
    guard try !edges.step() else { return false }
    let gates = try database.statement("SELECT key, status FROM gates WHERE issue = ? ORDER BY ord")
    defer { gates.reset() }
    gates.bind(.text(id))
    for key in issue.gatesRequired {
      guard try gates.step(), gates.text(0) == key, gates.text(1) == issue.gateStatus(key).status.rawValue
      else { return false }
    }
    return try !gates.step()
  }

  /// A file that does not parse: remembered so that answers fail as a plain read of the files does.
  func writeBrokenRow(_ id: IssueID, stamp: FileStamp, in database: SQLiteDatabase) throws {
    try deleteRows(id.rawValue, in: database)
    try database.statement(
      "INSERT INTO issues(id, rid, broken, mtime, ctime, size, ino) VALUES (?, ?, 1, ?, ?, ?, ?)"
    ).bind(
      .text(id.rawValue), .text(String(id.rawValue.reversed())), .int(stamp.mtime), .int(stamp.ctime),
      .int(stamp.size), .int(stamp.inode)
    ).run()
  }

  func deleteRows(_ id: String, in database: SQLiteDatabase) throws {
    try database.statement("UPDATE deps SET dep_state = NULL, dep_title = NULL, dep_done = 0 WHERE dep = ?")
      .bind(.text(id)).run()
    try updateDependentsBlocked(id, in: database)
    try database.statement("DELETE FROM issues WHERE id = ?").bind(.text(id)).run()
    let dependencies = try IssueID(id).map {
      try Self.ids(database, "SELECT dep FROM deps WHERE issue = ?", $0)
    }
    try database.statement("DELETE FROM deps WHERE issue = ?").bind(.text(id)).run()
    try database.statement("DELETE FROM gates WHERE issue = ?").bind(.text(id)).run()
    try countDependents(of: dependencies ?? [], in: database)
  }

  /// Sets `issues.dependents` of each issue again from the edges.
  func countDependents(of ids: [IssueID], in database: SQLiteDatabase) throws {
    let update = try database.statement(
      "UPDATE issues SET dependents = (SELECT count(DISTINCT issue) FROM deps WHERE dep = ?1) WHERE id = ?1")
    for id in Set(ids) { try update.bind(.text(id.rawValue)).run() }
  }

  /// Sets `issues.dependents` of every issue from the edges, set-wise (after a build).
  static let countAllDependents = """
    UPDATE issues SET dependents = g.c FROM (SELECT dep, count(DISTINCT issue) AS c FROM deps GROUP BY dep) AS g
      WHERE issues.id = g.dep
    """

  /// Applies a mutation's writes and records the directory's stamp after them.
  func apply(_ writes: [PendingWrite], to database: SQLiteDatabase) throws {
    let renderer = IssueJSON()
    try database.transaction {
      var meta = try readMeta(database)
      let now = IssueFiles.now()
      let exists = try database.statement("SELECT 1 FROM issues WHERE id = ?")
      defer { exists.reset() }
      for write in writes {
        switch write {
        case .save(let issue, let stamp):
          exists.reset()
          exists.bind(.text(issue.id.rawValue))
          if try !exists.step() { meta.count += 1 }
          exists.reset()
          try writeRows(issue, stamp: IssueFiles.storable(stamp, now: now), in: database, renderer: renderer)
        case .remove(let id):
          exists.reset()
          exists.bind(.text(id.rawValue))
          if try exists.step() { meta.count -= 1 }
          exists.reset()
          try deleteRows(id.rawValue, in: database)
        }
      }
      guard let stamp = IssueFiles.directoryStamp(repository.issuesDirectory) else {
        throw SQLiteError(code: 0, message: "the issues directory is missing")
      }
      try writeMeta(database, stamp: stamp, racy: meta.racy, count: meta.count)
    }
  }

  /// Passes over the files of `broken` rows as a plain read of the files does: each is read again
  /// and recorded in `skippedFiles` with its reason (a file removed since is forgotten, one fixed
  /// since is indexed). Readers that answer from the rows call it first, so that their answers
  /// and warnings are a plain read's.
  func skipBrokenFiles(_ database: SQLiteDatabase) throws {
    let statement = try database.statement("SELECT id FROM issues WHERE broken <> 0 ORDER BY id")
    var ids: [IssueID] = []
    while try statement.step() { if let id = statement.text(0).flatMap(IssueID.init) { ids.append(id) } }
    statement.reset()
    for id in ids {
      do {
        _ = try files.load(id)
      } catch let error as JitError where error.code == .issueNotFound {
        try deleteRows(id.rawValue, in: database)  // removed since: forget it
        continue
      } catch {
        try files.passOver(error)  // CORRUPT_FILE or a refused file: recorded; other errors thrown
        continue
      }
      // It parses now (fixed in place): index it.
      try database.transaction {
        try reindex(id, in: database, renderer: IssueJSON(), now: IssueFiles.now())
      }
    }
  }
}

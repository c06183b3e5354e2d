import JitCore
import JitSystem

/// `jit store import` and `jit store export --to files`: the database and the normal `.jit/` files,
/// one from the other, byte for byte. Rows keep the files' own bytes (an issue's body, the
/// registry, each event line, each lease), so a round trip gives back identical files.
extension PostgresStore: StoreTransfer {
  /// Loads a repository's files into an empty store (its schema created if need be), in one
  /// transaction: all of them or, on any error, none. `ALREADY_EXISTS` if the store holds issues or
  /// events; `CORRUPT_FILE` for a file that does not parse.
  public func importFiles(from layout: RepositoryLayout) throws -> TransferCount {
    try create(toolVersion: "import")
    return try pool.withConnection { connection in
      try reporting { try connection.run("BEGIN") }
      do {
        let count = try reporting { try load(layout, connection) }
        // Files from a merge may bring stale derived states: the next write looks at every issue.
        try reporting {
          try connection.run("UPDATE jit_meta SET states_checked = false")
          try connection.run("COMMIT")
        }
        return count
      } catch {
        if connection.isHealthy { _ = try? connection.run("ROLLBACK") }
        throw error
      }
    }
  }

  private func load(_ layout: RepositoryLayout, _ connection: PostgresConnection) throws -> TransferCount {
    try connection.query("SELECT pg_advisory_xact_lock(\(PostgresSchema.writeLock))")
    let held = try connection.query(
      "SELECT (SELECT count(*) FROM jit_issues) + (SELECT count(*) FROM jit_events)")
    guard held.first?.first == "0" else {
      throw JitError(
        .alreadyExists,
        "the PostgreSQL store already holds issues or events: import loads into an empty store",
        details: ["store": .string("postgresql")])
    }
    var count = TransferCount()
    // In batches of multi-row INSERTs (`BulkInsert`): 100,000 issues in seconds, not minutes.
    var batch: [(Issue, String)] = []
    for name in try FileSystem.list(layout.issuesDirectory).sorted() {
      guard let id = JSONFileStore.id(fromFileName: name) else { continue }
      let path = layout.issuesDirectory + "/" + name
      guard let bytes = try layout.read(path) else { continue }
      let issue = try FileSession.decode(bytes, id: id, path: layout.relative(path))
      batch.append((issue, try Self.text(bytes, path: path)))
      count.issues += 1
      if batch.count == 1_000 {
        try Self.insert(batch, connection)
        batch.removeAll(keepingCapacity: true)
      }
    }
    try Self.insert(batch, connection)
    if let bytes = try layout.read(layout.gatesFile) {
      _ = try FileSession(layout).gates()  // refuse a registry that does not parse
      try connection.run(
        "INSERT INTO jit_registry (one, body) VALUES (1, $1) ON CONFLICT (one) DO UPDATE SET body = EXCLUDED.body",
        [try Self.text(bytes, path: layout.gatesFile)])
    }
    if let bytes = try layout.read(layout.eventsFile, limit: RepositoryLayout.eventLogSizeLimit) {
      guard bytes.isEmpty || bytes.last == 10 else {
        throw JitError.corruptFile(layout.relative(layout.eventsFile), "its last line has no newline")
      }
      var lines: [[String?]] = []
      for line in bytes.split(separator: 10, omittingEmptySubsequences: false).dropLast() {
        lines.append([try Self.text(Array(line), path: layout.eventsFile)])
        count.events += 1
        if lines.count == 1_000 {
          try BulkInsert(connection, "jit_events (line)", columns: 1).insert(lines)
          lines.removeAll(keepingCapacity: true)
        }
      }
      try BulkInsert(connection, "jit_events (line)", columns: 1).insert(lines)
    }
    if FileSystem.isDirectory(layout.leasesDirectory) {
      for name in try FileSystem.list(layout.leasesDirectory).sorted() {
        guard let id = JSONFileStore.id(fromFileName: name),
          let bytes = try FileSystem.read(layout.leasesDirectory + "/" + name)
        else { continue }
        try connection.run(
          "INSERT INTO jit_leases (id, body) VALUES ($1, $2)",
          [id.rawValue, try Self.text(bytes, path: layout.leasesDirectory + "/" + name)])
      }
    }
    return count
  }

  /// Writes the store out as the files of `layout` (created if need be): every issue, the registry,
  /// the event log and the leases, from one consistent view; issue files the store does not hold
  /// are removed, so the directory then mirrors the store.
  public func exportFiles(to layout: RepositoryLayout) throws -> TransferCount {
    try RepositoryInitializer.initialize(layout)
    return try pool.withConnection { connection in
      try reporting {
        try connection.run("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        defer { _ = try? connection.run("ROLLBACK") }
        var count = TransferCount()
        var kept: Set<String> = []
        try connection.query("SELECT id, body FROM jit_issues ORDER BY id", []) { row in
          guard let id = row[0], let body = row[1] else { return }
          try Self.write(Array(body.utf8), to: layout.issuesDirectory + "/" + id + ".json")
          kept.insert(id + ".json")
          count.issues += 1
        }
        for name in try FileSystem.list(layout.issuesDirectory)
        where JSONFileStore.id(fromFileName: name) != nil && !kept.contains(name) {
          try FileSystem.remove(layout.issuesDirectory + "/" + name)
        }
        if let body = try connection.query("SELECT body FROM jit_registry").first?.first ?? nil {
          try Self.write(Array(body.utf8), to: layout.gatesFile)
        }
        var log: [UInt8] = []
        try connection.query("SELECT line FROM jit_events ORDER BY seq", []) { row in
          log += Array((row[0] ?? "").utf8) + [10]
          count.events += 1
        }
        try Self.write(log, to: layout.eventsFile)
        let leases = try connection.query("SELECT id, body FROM jit_leases ORDER BY id")
        if !leases.isEmpty { try FileSystem.createDirectory(layout.leasesDirectory) }
        for row in leases {
          guard let id = row[0], let body = row[1] else { continue }
          try Self.write(Array(body.utf8), to: layout.leasesDirectory + "/" + id + ".json")
        }
        try Self.flush(layout.jitDirectory)
        return count
      }
    }
  }

  /// One file of an export, written atomically but not synced on its own: `flush` syncs them all
  /// at once (10,000 `fdatasync`s took 40 s on a busy disk; `validate` exports every issue).
  static func write(_ bytes: [UInt8], to path: String) throws {
    try FileSystem.writeAtomically(
      bytes, to: path, temporary: "\(path).\(getpid()).tmp", sync: false, exclusive: false)
  }

  /// Makes every file written under `directory` durable: one `syncfs`, as `FileJournal` does.
  static func flush(_ directory: String) throws {
    let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard descriptor >= 0 else { throw JitError.io(String(cString: strerror(errno)), path: directory) }
    defer { close(descriptor) }
    guard syncfs(descriptor) == 0 else {
      throw JitError.io(String(cString: strerror(errno)), path: directory)
    }
  }

  /// Issues as files held them (their bytes kept as they are), with their edges and gate rows.
  static func insert(_ batch: [(Issue, String)], _ connection: PostgresConnection) throws {
    var rows: [[String?]] = []
    var edges: [[String?]] = []
    var gates: [[String?]] = []
    for (issue, body) in batch {
      rows.append(
        try PostgresWriter.columns(issue, body: body))
      edges += issue.dependencies.enumerated().map { [issue.id.rawValue, String($0), $1.rawValue] }
      gates += PostgresMigration.gateRows(issue)
    }
    try BulkInsert(
      connection,
      "jit_issues (\(PostgresWriter.names))", columns: 11
    ).insert(rows)
    try BulkInsert(connection, "jit_deps (issue, ord, dep)", columns: 3).insert(edges)
    try BulkInsert(connection, "jit_gates (issue, ord, key, status)", columns: 4).insert(gates)
  }

  static func text(_ bytes: [UInt8], path: String) throws -> String {
    guard let text = String(validating: bytes, as: UTF8.self), !text.utf8.contains(0) else {
      throw JitError.corruptFile(path, "it is not UTF-8 text")
    }
    return text
  }
}

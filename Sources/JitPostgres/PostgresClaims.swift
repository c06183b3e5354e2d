import JitCore
import JitSystem

/// Claims beside each other (docs/postgresql.md#claims): `claim` and `claim-next` do not queue
/// behind one another for the store's write lock. A claim session takes the advisory lock in
/// shared mode (every other write still takes it exclusively, so no other kind of write runs beside
/// a claim), takes its candidate `FOR UPDATE SKIP LOCKED`, and applies the claim as one statement:
/// the conditional update (`... WHERE assignee IS NULL AND state = 'ready'`), the lease, the events
/// and the notification. Two claims never take the same issue: the row lock and the condition keep
/// them apart, as they did under the exclusive lock.
///
/// A unit that stages more than one claim of an issue this session took as claimable (a stale
/// derived state corrected, an edge, the registry) is rolled back and run again as a plain `write`.
extension PostgresStore {
  public func claimWrite<T>(_ body: (any WriteSession) throws -> T) throws -> T {
    do {
      return try pool.withConnection { connection in try claimTransaction(connection, body) }
    } catch is ClaimNeedsWriteLock {
      return try write(body)
    }
  }

  private func claimTransaction<T>(_ connection: PostgresConnection, _ body: (any WriteSession) throws -> T)
    throws -> T
  {
    do {
      // One round trip: the transaction, its lock timeout, the shared lock, the registry and
      // whether the stored derived states are known to be right.
      let begun = try reporting {
        try connection.batch(
          "BEGIN; SET LOCAL lock_timeout = \(lockTimeoutMilliseconds); "
            + "SELECT pg_advisory_xact_lock_shared(\(PostgresSchema.writeLock)); "
            + "SELECT (SELECT body FROM jit_registry), (SELECT states_checked FROM jit_meta)")
      }
      let base = PostgresSession(connection, locking: true)
      base.statesChecked = begun.first?[1] == "t"
      let session = PostgresClaimSession(base, registry: begun.first?.first ?? nil, patience: lockTimeout)
      let staging = StagingSession(base: session)
      let result = try body(staging)
      guard let claim = try PostgresClaim.of(staging.unit, session: session) else {
        throw ClaimNeedsWriteLock()
      }
      try reporting {
        if let claim { try claim.apply(connection) }
        try connection.run("COMMIT")
      }
      return result
    } catch {
      if connection.isHealthy && connection.inTransaction { _ = try? connection.run("ROLLBACK") }
      throw error
    }
  }

  /// `lockTimeout` as `SET lock_timeout` takes it.
  var lockTimeoutMilliseconds: Int {
    max(
      1,
      Int(lockTimeout.components.seconds) * 1000
        + Int(lockTimeout.components.attoseconds / 1_000_000_000_000_000))
  }
}

/// A claim unit staged more than a claim: it needs the exclusive write lock.
struct ClaimNeedsWriteLock: Error {}

/// What a claim session staged, when it is a claim: one issue this session read as claimable, now
/// held, with its dependencies as they were; its lease (or none); the events.
struct PostgresClaim {
  let issue: Issue
  /// The lease to write, or nil to remove any.
  let lease: Lease?
  /// The events, as the lines of the log.
  let lines: [String]

  /// The claim `unit` is; `.some(nil)` when it stages nothing, nil when it stages more than a claim.
  static func of(_ unit: StagedUnit, session: PostgresClaimSession) throws -> PostgresClaim?? {
    if unit.isEmpty { return .some(nil) }
    guard unit.gates == nil, unit.removed.isEmpty, unit.savedOrder.count == 1,
      let issue = unit.savedIssues.first, session.base.loadedClaimable[issue.id] == true,
      issue.assignee != nil, issue.dependencies == session.loadedDependencies[issue.id],
      Set(unit.leases.keys).isSubset(of: [issue.id])
    else { return nil }
    var lines: [String] = []
    for event in unit.events {
      var line = try FileEventLog.lines([event])
      line.removeLast()  // the newline
      lines.append(String(decoding: line, as: UTF8.self))
    }
    return .some(PostgresClaim(issue: issue, lease: unit.leases[issue.id] ?? nil, lines: lines))
  }

  /// One statement: the conditional update, the lease, the events and `NOTIFY`, each of the others
  /// only if the update took the row. `ALREADY_ASSIGNED` when another session took it first.
  func apply(_ connection: PostgresConnection) throws {
    var parameters = try PostgresWriter.columns(issue)
    func parameter(_ value: String) -> String {
      parameters.append(value)
      return "$\(parameters.count)::text"
    }
    let leaseStatement: String
    if let lease {
      let body = parameter(String(decoding: try JSONCoding.encodeFile(lease), as: UTF8.self))
      leaseStatement =
        "INSERT INTO jit_leases (id, body) SELECT id, \(body) FROM claimed "
        + "ON CONFLICT (id) DO UPDATE SET body = EXCLUDED.body RETURNING id"
    } else {
      leaseStatement = "DELETE FROM jit_leases WHERE id = $1 AND EXISTS (SELECT 1 FROM claimed) RETURNING id"
    }
    let values = lines.enumerated().map { "(\($0.offset), \(parameter($0.element)))" }
    var sql = """
      WITH claimed AS (
        UPDATE jit_issues SET \(PostgresWriter.assignments)
        WHERE id = $1 AND assignee IS NULL AND state = 'ready' RETURNING id),
      lease AS (\(leaseStatement))
      """
    if !values.isEmpty {
      sql += """
        ,
        logged AS (
          INSERT INTO jit_events (line)
          SELECT e.line FROM claimed, (VALUES \(values.joined(separator: ", "))) AS e (n, line) ORDER BY e.n
          RETURNING seq)
        SELECT (SELECT count(*) FROM claimed), pg_notify('jit_events', '')
        """
    } else {
      sql += "\nSELECT (SELECT count(*) FROM claimed)"
    }
    let rows = try connection.repeated(sql, parameters)
    guard rows.first?.first == "1" else {
      throw JitError(
        .alreadyAssigned, "\(issue.id.short) was claimed by someone else at the same moment; claim another",
        details: ["id": .string(issue.id.rawValue)])
    }
  }
}

extension PostgresStore {
  /// The events after `sequence` for a follower that reads by sequence number (`events tail
  /// --follow`). Claims commit beside each other, so a sequence number may become visible before
  /// a smaller one that a running claim holds: the answer stops before the first gap, unless no
  /// write is running (the write lock is free for a moment), when every gap is for good (a rolled
  /// back write, a restart) and the whole rest is read.
  func settledEvents(_ connection: PostgresConnection, after sequence: Int64) throws -> (
    contents: EventLogContents, last: Int64
  ) {
    let session = PostgresSession(connection)
    let numbers = try reporting {
      try connection.query("SELECT seq FROM jit_events WHERE seq > $1 ORDER BY seq", [String(sequence)])
    }.compactMap { $0.first.flatMap { $0.flatMap { Int64($0) } } }
    var contiguous = 0
    while contiguous < numbers.count && numbers[contiguous] == sequence + Int64(contiguous) + 1 {
      contiguous += 1
    }
    guard contiguous < numbers.count else { return try session.events(after: sequence) }
    let free = try reporting {
      try connection.query("SELECT pg_try_advisory_lock(\(PostgresSchema.writeLock))").first?.first == "t"
    }
    guard free else { return try session.events(after: sequence, limit: contiguous) }
    defer { _ = try? connection.query("SELECT pg_advisory_unlock(\(PostgresSchema.writeLock))") }
    return try session.events(after: sequence)
  }
}

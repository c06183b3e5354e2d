import Foundation
import JitCore
import JitTestSupport
import Testing

@testable import JitPostgres

/// Schema version 2's SQL answers (`PostgresSession+Reads`, `+Counts`) equal the plain answers over
/// every decoded body, on one generated repository loaded into both stores; and a version 1
/// database is migrated forward with the same answers.
@Suite(.enabled(if: PostgresServer.isInstalled, "PostgreSQL 15 is not installed"))
struct PostgresReadTests {
  static func queries() throws -> [IssueQuery] {
    [
      .ready, .blocked, .assignee(try Actor(validating: "agent:worker-2")), .states([.backlog, .gated]),
      .states([.done]), .states([.archived]), .priority(.high), .roots(includeArchived: false),
      .roots(includeArchived: true), .filter(IssueFilter()),
      .filter(IssueFilter(states: [.ready, .inProgress], priorities: [.high, .critical])),
      .filter(IssueFilter(assignees: ["none", "agent:worker-2"])),
      .filter(IssueFilter(assignees: ["agent:nobody"])),
    ]
  }

  /// A generated repository with what the generator leaves out: archived issues, holds (on ready,
  /// backlog and in-progress issues), a missing dependency, a claim by `agent:worker-2`.
  static func repository(count: Int = 300, seed: UInt64 = 11) throws -> (TemporaryDirectory, RepositoryLayout)
  {
    let directory = try TemporaryDirectory(prefix: "jit-pg-reads")
    try SyntheticRepository.generate(at: directory.path, count: count, seed: seed)
    let layout = RepositoryLayout(jitDirectory: directory.path + "/.jit")
    let files = JSONFileStore(layout: layout)
    try files.write { session in try edit(session) }
    return (directory, layout)
  }

  /// The edits `repository` makes, the same on any store.
  static func edit(_ session: any WriteSession) throws {
    let ids = try session.allIDs()
    let by = try Actor(validating: "human:lead")
    let at = Timestamp(millisecondsSince1970: 1_760_000_000_000)
    for (index, id) in ids.enumerated() {
      var issue = try session.load(id)
      switch index % 23 {
      case 3 where issue.state == .done:
        issue.archivedFrom = issue.state
        issue.state = .archived
      case 5 where issue.state == .backlog || issue.state == .ready || issue.state == .inProgress:
        issue.hold = Hold(reason: "waiting for the 'vendor'", by: by, at: at)
      case 7 where issue.state == .ready && issue.assignee == nil:
        issue.state = .inProgress
        issue.assignee = try Actor(validating: "agent:worker-2")
      case 11 where issue.state.isOpen:
        issue.dependencies = (issue.dependencies + [try IssueID(validating: "01ARZ3NDEKTSV4RRFFQ69G5FAV")])
          .sorted()
      default: continue
      }
      try session.save(issue)
    }
  }

  /// Every hook's answer on `postgres` equals the plain store's on `files`.
  static func expectSameAnswers(_ postgres: any Store, _ files: any Store, _ context: String) throws {
    let now = Timestamp(millisecondsSince1970: 1_770_000_000_000)
    try postgres.read { postgres in
      try files.read { files in
        let gates = try files.gates()
        for query in try queries() {
          let answer = try postgres.query(query, gates: gates)
          #expect(answer == (try files.query(query, gates: gates)), "\(query), \(context)")
        }
        #expect(try postgres.statusSummary() == files.statusSummary(), "\(context)")
        #expect(try postgres.graphNodes() == files.graphNodes(), "\(context)")
        #expect(try postgres.dependentCounts() == files.dependentCounts(), "\(context)")
        #expect(try postgres.metricGauges(now: now) == files.metricGauges(now: now), "\(context)")
        #expect(try postgres.edges() == files.edges(), "\(context)")
      }
    }
  }

  @Test func everySQLAnswerEqualsThePlainAnswerBeforeAndAfterWrites() throws {
    let (directory, layout) = try Self.repository()
    let postgres = PostgresStore(conninfo: try PostgresServer.shared().makeDatabase())
    _ = try postgres.importFiles(from: layout)
    let files = JSONFileStore(layout: layout)
    try files.read { session in
      let all = try session.loadAll()
      #expect(all.contains { $0.state == .archived } && all.contains { $0.hold != nil }, "the edits took")
      #expect(try !session.query(.blocked, gates: session.gates()).isEmpty)
    }
    try Self.expectSameAnswers(postgres, files, "after import")
    // Writes keep the derived columns and gate rows in step: the same changes on both stores.
    for store in [postgres, files] as [any Store] {
      try store.write { session in
        let ids = try session.allIDs()
        for id in ids.prefix(60) {
          var issue = try session.load(id)
          if issue.state == .backlog || issue.state == .gated {
            issue.state = .done
            issue.title += " (finished)"
          } else if let key = issue.gatesRequired.first {
            issue.gatesStatus[key] = GateStatus(status: .failed)
          }
          try session.save(issue)
        }
        try session.remove(ids[ids.count / 2])
      }
    }
    try Self.expectSameAnswers(postgres, files, "after writes")
    _ = directory
  }

  @Test func aVersion1DatabaseIsMigratedWithTheSameAnswersAndANewerOneIsRefused() throws {
    let (directory, layout) = try Self.repository(count: 200, seed: 3)
    let conninfo = try PostgresServer.shared().makeDatabase()
    // Version 1 as jit made it before this change: the tables, the meta row, the rows.
    let connection = try PostgresConnection(conninfo)
    try connection.script(PostgresSchema.createVersion1)
    try connection.run("INSERT INTO jit_meta (one, schema_version, created_by) VALUES (1, 1, 'test')")
    let files = JSONFileStore(layout: layout)
    try files.read { session in
      for issue in try session.loadAll() {
        try connection.run(
          "INSERT INTO jit_issues (id, state, priority, created_at, assignee, claimable, has_gates, held, body) "
            + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
          Array(try PostgresWriter.columns(issue).prefix(9)))
        for (ord, dependency) in issue.dependencies.enumerated() {
          try connection.run(
            "INSERT INTO jit_deps (issue, ord, dep) VALUES ($1, $2, $3)",
            [issue.id.rawValue, String(ord), dependency.rawValue])
        }
      }
      try connection.run(
        "INSERT INTO jit_registry (one, body) VALUES (1, $1)",
        [try PostgresSchema.registryBody(session.gates())])
    }
    #expect(try PostgresSchema.installedVersion(connection) == 1)
    let store = PostgresStore(conninfo: conninfo)
    try Self.expectSameAnswers(store, files, "after the migration")
    #expect(try PostgresSchema.installedVersion(connection) == 3, "the first session migrated it")
    #expect(
      try connection.query("SELECT states_checked FROM jit_meta").first?.first == "f",
      "version 3's flag: no write has looked at every state yet")
    let gateRows = try connection.query("SELECT count(*) FROM jit_gates").first?.first ?? nil
    let required = try files.read { try $0.loadAll().reduce(0) { $0 + $1.gatesRequired.count } }
    #expect(gateRows == String(required), "the gate rows were back-filled from the bodies")
    #expect(try connection.query("SELECT count(*) FROM jit_issues WHERE view IS NULL").first?.first == "0")

    try connection.run("UPDATE jit_meta SET schema_version = 4")
    let newer = PostgresStore(conninfo: conninfo)
    #expect(throws: JitError.self) { try newer.read { try $0.allIDs() } }
    do {
      _ = try newer.read { try $0.allIDs() }
    } catch let error as JitError {
      #expect(error.code == .unsupportedSchema)
    }
    _ = directory
  }
}

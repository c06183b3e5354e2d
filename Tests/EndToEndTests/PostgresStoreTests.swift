import Foundation
import JitTestSupport
import Testing

/// The built `jit` (which hands PostgreSQL repositories to `jit-pg`) against a real PostgreSQL 15
/// on loopback: two working directories with the same committed `.jit/config.toml` stand for two
/// machines sharing one tracker.
@Suite struct PostgresStoreTests {
  /// Two "machines": working directories whose `.jit/config.toml` names the same database.
  struct Machines {
    let first: TemporaryDirectory
    let second: TemporaryDirectory
    let environment: [String: String]
    let url: String
    let schema: String
    let jit: String

    init() throws {
      let server = try PostgresServer.shared()
      url = try server.makeDatabase()
      schema = String(url.split(separator: "%3D").last ?? "")
      jit = try BuiltBinary.path("jit")
      first = try TemporaryDirectory(prefix: "jit-pg-a")
      second = try TemporaryDirectory(prefix: "jit-pg-b")
      environment = [
        "JIT_DATABASE_URL": url, "JIT_ACTOR": "human:tester", "USER": "tester",
        "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
      ]
    }

    /// `jit init --store postgresql` in the first; the second gets the committed files a clone has.
    func initialize() throws {
      let made = try run(first, "init", "--store", "postgresql", "--json")
      guard made.status == 0 else { throw HarnessError("init failed: \(made.stderr)") }
      guard try run(second, "init").status == 0 else { throw HarnessError("init of the second failed") }
      try FileManager.default.copyItem(
        atPath: first.file(".jit/config.toml"), toPath: second.file(".jit/config.toml"))
    }

    /// `run`, its output parsed as one JSON object (the output in the error when it is not).
    func object(_ directory: TemporaryDirectory, _ arguments: String...) throws -> [String: Any] {
      let result = try BuiltBinary.run(jit, arguments, in: directory.path, environment: environment)
      do { return try result.object() } catch {
        throw HarnessError("\(arguments) gave \(result.status): \(result.stdout) \(result.stderr)")
      }
    }

    func run(
      _ directory: TemporaryDirectory, _ arguments: String..., environment extra: [String: String] = [:]
    )
      throws -> CommandResult
    {
      try BuiltBinary.run(
        jit, arguments, in: directory.path, environment: environment.merging(extra) { $1 })
    }
  }

  @Test func initStatusAndTheTourAcrossTwoWorkingDirectories() throws {
    let machines = try Machines()
    try machines.initialize()
    let config = try String(contentsOfFile: machines.first.file(".jit/config.toml"), encoding: .utf8)
    #expect(config.contains("store = \"postgresql\""))
    #expect(!config.contains("postgresql://"), "no connection in the committed file")
    let status = try machines.object(machines.second, "store", "status", "--json")
    #expect(status["store"] as? String == "postgresql")
    #expect(status["healthy"] as? Bool == true)
    #expect(status["schema_version"] as? Int == 3)

    let made = try machines.object(machines.first, "issue", "create", "--title", "shared", "--json")
    let id = try #require(made["id"] as? String)
    let listed = try machines.run(machines.second, "issue", "list", "--json").array()
    #expect(listed.compactMap { $0["id"] as? String } == [id], "the other machine sees it")
    let claimed = try machines.run(machines.second, "issue", "claim-next", "--to", "agent:b", "--json")
      .object()
    #expect(claimed["id"] as? String == id)
    let refused = try machines.run(machines.first, "issue", "claim", id, "--to", "agent:a", "--json")
    #expect(refused.status == 5)
    #expect(refused.errorCode == "ALREADY_ASSIGNED")
    let shown = try machines.run(machines.first, "issue", "show", id, "--json").object()
    #expect(shown["assignee"] as? String == "agent:b")
    let events = try machines.run(machines.first, "events", "query", "--json").stdout
    #expect(events.contains("\"issue.claimed\""), "events query reads the database's log")
    // The issue lives in the database, not in either directory's files.
    let files = try FileManager.default.contentsOfDirectory(atPath: machines.first.file(".jit/issues"))
    #expect(!files.contains { $0.hasSuffix(".json") })
  }

  @Test func sixteenProcessesFromTwoWorkingDirectoriesNeverShareAnIssue() async throws {
    let machines = try Machines()
    try machines.initialize()
    var pool: Set<String> = []
    for index in 0..<48 {
      let made = try machines.object(machines.first, "issue", "create", "--title", "task \(index)", "--json")
      pool.insert(try #require(made["id"] as? String))
    }
    let claims = try await withThrowingTaskGroup(of: [String].self) { group in
      for worker in 0..<16 {
        group.addTask {
          let directory = worker % 2 == 0 ? machines.first : machines.second
          var mine: [String] = []
          while true {
            let result = try machines.run(
              directory, "issue", "claim-next", "--to", "agent:w\(worker)", "--json")
            if result.status == 3 { break }
            guard result.status == 0 else { throw HarnessError("claim-next failed: \(result.stderr)") }
            mine.append(try #require(try result.object()["id"] as? String))
          }
          return mine
        }
      }
      var all: [String] = []
      for try await mine in group { all += mine }
      return all
    }
    #expect(claims.count == pool.count, "no double claims: \(claims.count) claims of \(pool.count)")
    #expect(Set(claims) == pool)
    let claimEvents = try machines.run(
      machines.second, "events", "query", "--event", "issue.claimed", "--json")
    // One JSON object per line.
    #expect(claimEvents.stdout.split(separator: "\n").count == pool.count, "one claim event per claim")
  }

  @Test func anUnreachableServerIsStoreUnavailableAndNothingIsWritten() throws {
    let machines = try Machines()
    try machines.initialize()
    _ = try machines.run(machines.first, "issue", "create", "--title", "kept")
    let down = ["JIT_DATABASE_URL": "postgresql://postgres@127.0.0.1:1/postgres"]
    let failed = try machines.run(
      machines.first, "issue", "create", "--title", "lost", "--json", environment: down)
    #expect(failed.status == 10)
    #expect(failed.errorCode == "STORE_UNAVAILABLE")
    let status = try machines.run(machines.first, "store", "status", "--json", environment: down)
    #expect(status.status == 10)
    let listed = try machines.run(machines.first, "issue", "list", "--json").array()
    #expect(listed.compactMap { $0["title"] as? String } == ["kept"])
  }

  @Test func initWithAnUnreachableServerLeavesNothingBehind() throws {
    let machines = try Machines()
    let down = ["JIT_DATABASE_URL": "postgresql://postgres@127.0.0.1:1/postgres"]
    // A fresh directory: no .jit/ is left.
    let fresh = try machines.run(machines.first, "init", "--store", "postgresql", "--json", environment: down)
    #expect(fresh.status == 10)
    #expect(fresh.errorCode == "STORE_UNAVAILABLE")
    #expect(!FileManager.default.fileExists(atPath: machines.first.file(".jit")), "no half-made repository")
    // A file repository: it stays one, with its issues (no config.toml left to switch it).
    #expect(try machines.run(machines.second, "init").status == 0)
    #expect(try machines.run(machines.second, "issue", "create", "--title", "kept").status == 0)
    let moved = try machines.run(machines.second, "init", "--store", "postgresql", environment: down)
    #expect(moved.status == 10)
    #expect(!FileManager.default.fileExists(atPath: machines.second.file(".jit/config.toml")))
    let listed = try machines.run(machines.second, "issue", "list", "--json").array()
    #expect(listed.compactMap { $0["title"] as? String } == ["kept"])
  }

  @Test func aNewerSchemaIsRefusedAndAnEmptyDatabaseIsNotInitialized() throws {
    let machines = try Machines()
    try machines.initialize()
    let server = try PostgresServer.shared()
    try server.psql("UPDATE \(machines.schema).jit_meta SET schema_version = 99")
    let refused = try machines.run(machines.first, "issue", "create", "--title", "x", "--json")
    #expect(refused.status == 1)
    #expect(refused.errorCode == "UNSUPPORTED_SCHEMA")
    try server.psql("UPDATE \(machines.schema).jit_meta SET schema_version = 1")
    #expect(
      try machines.run(machines.first, "issue", "list", "--json").array().isEmpty, "nothing was written")

    let empty = try server.makeDatabase()
    let none = try machines.run(
      machines.first, "issue", "list", "--json", environment: ["JIT_DATABASE_URL": empty])
    #expect(none.status == 3)
    #expect(none.errorCode == "NOT_INITIALIZED")
  }

  @Test(arguments: [
    ("url = \"postgresql://u:secret@host/db\"\nstore = \"postgresql\"\n", "CORRUPT_FILE"),
    ("store = \"mysql\"\n", "CORRUPT_FILE"),
    ("store = [\n", "CORRUPT_FILE"),
  ])
  func aConfigurationThatIsNotTheFormatIsRefused(text: String, code: String) throws {
    let machines = try Machines()
    try machines.initialize()
    try text.write(toFile: machines.second.file(".jit/config.toml"), atomically: true, encoding: .utf8)
    let result = try machines.run(machines.second, "issue", "list", "--json")
    #expect(result.status == 1)
    #expect(result.errorCode == code)
  }

  @Test func anUnknownStoreAndAMissingCompanionAreClearErrors() throws {
    let machines = try Machines()
    let unknown = try machines.run(machines.first, "init", "--store", "sqlite", "--json")
    #expect(unknown.status == 2)
    #expect(unknown.errorCode == "INVALID_ARGUMENT")
    let missing = try machines.run(
      machines.first, "init", "--store", "postgresql", "--json",
      environment: ["JIT_PG": "/nonexistent/jit-pg"])
    #expect(missing.status == 10)
    #expect(missing.errorCode == "STORE_UNAVAILABLE")
    #expect(!FileManager.default.fileExists(atPath: machines.first.file(".jit")), "nothing was created")
  }

  /// Every file `store export` writes, by its path under `.jit/`.
  static func exported(_ jit: String) throws -> [String: Data] {
    var files: [String: Data] = [:]
    let manager = FileManager.default
    for relative in ["gates.json", "events.jsonl"] {
      files[relative] = manager.contents(atPath: jit + "/" + relative)
    }
    for folder in ["issues", "run/leases"] {
      for name in (try? manager.contentsOfDirectory(atPath: jit + "/" + folder)) ?? []
      where name.hasSuffix(".json") {
        files[folder + "/" + name] = manager.contents(atPath: jit + "/" + folder + "/" + name)
      }
    }
    return files
  }

  @Test func aFileRepositoryImportedAndExportedComesBackByteForByte() throws {
    let machines = try Machines()
    let first = machines.first
    #expect(try machines.run(first, "init").status == 0)
    let made = try machines.run(first, "issue", "create", "--title", "base", "--priority", "high", "--json")
    let base = try #require(try made.object()["id"] as? String)
    _ = try machines.run(first, "issue", "create", "--title", "ünïcode \"quoted\"", "--dep", base)
    _ = try machines.run(first, "gate", "define", "review", "--title", "Review", "--stage", "precheck")
    _ = try machines.run(first, "issue", "create", "--title", "gated", "--gate", "review")
    _ = try machines.run(first, "issue", "claim-next", "--to", "agent:a", "--lease", "10m")
    let before = try Self.exported(first.file(".jit"))
    #expect(before.keys.contains { $0.hasPrefix("run/leases/") }, "a lease to carry over")

    try "store = \"postgresql\"\n".write(
      toFile: first.file(".jit/config.toml"), atomically: true, encoding: .utf8)
    let imported = try machines.run(first, "store", "import", "--json")
    #expect(imported.status == 0, "\(imported.stderr)")
    #expect(try imported.object()["issues"] as? Int == 3)
    let again = try machines.run(first, "store", "import", "--json")
    #expect(again.errorCode == "ALREADY_EXISTS", "an import into a store that holds issues is refused")
    let shown = try machines.run(first, "issue", "show", base, "--json").object()
    #expect(shown["assignee"] as? String == "agent:a", "the database answers with the imported issue")

    let exported = try machines.run(
      machines.second, "store", "export", "--to", "files", "--into",
      machines.second.path, "--repo", first.path, "--json")
    #expect(exported.status == 0, "\(exported.stderr)")
    let after = try Self.exported(machines.second.file(".jit"))
    #expect(after.keys.sorted() == before.keys.sorted())
    for (path, bytes) in before { #expect(after[path] == bytes, "\(path) is identical byte for byte") }
  }

  /// The output with ids (and their 8-character short forms), event ids and times replaced by
  /// placeholders numbered in order of appearance, so that two stores' answers can be compared.
  static func normalized(_ text: String, ids: inout [String: String]) throws -> String {
    var out = text
    let long = try Regex("[0-9A-HJKMNP-TV-Z]{26}")
    for match in text.matches(of: long) {
      let id = String(text[match.range])
      if ids[id] == nil { ids[id] = "<id\(ids.count)>" }
    }
    for (id, placeholder) in ids.sorted(by: { $0.key > $1.key }) {
      out = out.replacingOccurrences(of: id, with: placeholder)
      out = out.replacingOccurrences(of: String(id.suffix(8)), with: placeholder + "s")
    }
    let time = try Regex("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z")
    return out.replacing(time, with: "<time>")
  }

  @Test func theSameCommandsGiveTheSameJSONOnBothStores() throws {
    let machines = try Machines()
    try machines.initialize()
    let files = try TemporaryDirectory(prefix: "jit-files")
    #expect(try machines.run(files, "init").status == 0)
    var answers: [[String]] = [[], []]
    for (index, directory) in [files, machines.first].enumerated() {
      var ids: [String: String] = [:]
      func run(_ arguments: [String]) throws {
        let result = try BuiltBinary.run(
          machines.jit, arguments, in: directory.path, environment: machines.environment)
        answers[index].append(
          "\(arguments.first ?? "") \(result.status) " + (try Self.normalized(result.stdout, ids: &ids)))
      }
      func id(_ placeholder: String) -> String { ids.first { $0.value == placeholder }?.key ?? placeholder }
      try run(["issue", "create", "--title", "alpha", "--priority", "high", "--json"])
      try run(["issue", "create", "--title", "beta", "--dep", id("<id0>"), "--json"])
      try run(["gate", "define", "review", "--title", "Review", "--json"])
      try run(["issue", "create", "--title", "gamma", "--gate", "review", "--json"])
      for query in ["ready", "blocked"] { try run(["query", query, "--json"]) }
      try run(["status", "--json"])
      try run(["issue", "claim-next", "--to", "agent:a", "--json"])
      try run(["issue", "claim", id("<id0>"), "--to", "agent:b", "--json"])
      try run(["issue", "list", "--json"])
      try run(["issue", "show", id("<id1>"), "--json"])
      try run(["issue", "unassign", id("<id0>"), "--json"])
      try run(["graph", "show", "--json"])
      try run(["validate", "--json"])
      try run(["events", "query", "--json"])
    }
    #expect(answers[0].count == answers[1].count)
    for (files, database) in zip(answers[0], answers[1]) { #expect(files == database) }
  }
}

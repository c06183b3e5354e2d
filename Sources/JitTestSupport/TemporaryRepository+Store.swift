import Foundation
import JitCore
import JitPostgres

/// What a test reads or sets behind the commands' back, in whichever store the repository uses:
/// the files, or its PostgreSQL database (`RepositoryStore`).
extension TemporaryRepository {
  /// The store the repository's commands use, opened as the next command would open it.
  public func openStore() -> any Store { RepositoryStore.open(layout, environment: environment) }

  /// Replaces the gate registry, as an edit of `.jit/gates.json` does on the files.
  public func saveGates(_ registry: GateRegistry) throws {
    switch store {
    case .files:
      try Data(JSONCoding.encodeFile(registry)).write(to: URL(fileURLWithPath: layout.gatesFile))
    case .postgresql: try openStore().write { try $0.saveGates(registry) }
    }
  }

  /// Replaces an issue as a hand edit of its file does (on PostgreSQL, its row): `change` edits the
  /// issue's JSON object.
  public func editIssue(_ id: String, _ change: (inout [String: Any]) -> Void) throws {
    try RepositoryStore.editIssue(id, layout, environment: environment, change)
  }

  /// Loads the issue files of `.jit/issues/` written by a generator (`SyntheticRepository`) into
  /// the repository's database; nothing to do on the files.
  public func importWrittenFiles() throws {
    guard store == .postgresql else { return }
    let result = run("store", "import", "--json")
    guard result.status == 0 else { throw HarnessError("store import failed: \(result.stderr)") }
    for name in try FileManager.default.contentsOfDirectory(atPath: layout.issuesDirectory)
    where name.hasSuffix(".json") {
      try FileManager.default.removeItem(atPath: layout.issuesDirectory + "/" + name)
    }
  }

  /// The event log, parsed: `.jit/events.jsonl`'s lines, or the database's.
  public func events() throws -> [[String: Any]] {
    try RepositoryStore.events(layout, environment: environment)
  }
}

extension RepositoryStore {
  /// Whether a repository whose commands run with `environment` keeps its data in a database.
  static func inDatabase(_ layout: RepositoryLayout, _ environment: [String: String]) -> Bool {
    environment["JIT_DATABASE_URL"] != nil && FileSystem.exists(layout.jitDirectory + "/config.toml")
  }

  /// The store of such a repository, opened as its next command would open it.
  public static func open(_ layout: RepositoryLayout, environment: [String: String]) -> any Store {
    guard inDatabase(layout, environment) else { return JSONFileStore(layout: layout) }
    return PostgresStore(conninfo: environment["JIT_DATABASE_URL"] ?? "")
  }

  /// A hand edit of an issue: its file, or on PostgreSQL its row. `change` edits the issue's JSON
  /// object (on PostgreSQL it must still decode as an issue).
  public static func editIssue(
    _ id: String, _ layout: RepositoryLayout, environment: [String: String],
    _ change: (inout [String: Any]) -> Void
  ) throws {
    let path = layout.issuesDirectory + "/" + id + ".json"
    let database = inDatabase(layout, environment)
    let store = open(layout, environment: environment)
    let data =
      database
      ? Data(try JSONCoding.encodeFile(try store.read { try $0.load(IssueID(validating: id)) }))
      : try Data(contentsOf: URL(fileURLWithPath: path))
    guard var object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
      throw HarnessError("\(path) is not an object")
    }
    change(&object)
    let written = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
    guard database else { return try written.write(to: URL(fileURLWithPath: path)) }
    let issue = try JSONCoding.decodeFile(Issue.self, Array(written), path: path)
    try store.write { try $0.save(issue) }
  }

  /// On PostgreSQL, each issue, the registry, the events and the leases the database holds, as
  /// they would be written to files; nothing on the files (their snapshots read them).
  public static func databaseSnapshot(_ layout: RepositoryLayout, environment: [String: String]) throws
    -> [String: Data]
  {
    guard inDatabase(layout, environment) else { return [:] }
    return try open(layout, environment: environment).read { session in
      var contents: [String: Data] = [:]
      for issue in try session.loadAll() {
        contents["postgresql:issues/\(issue.id)"] = Data(try JSONCoding.encodeFile(issue))
      }
      contents["postgresql:gates"] = Data(try JSONCoding.encodeFile(try session.gates()))
      let encoder = JSONCoding.lineEncoder()
      contents["postgresql:events"] = Data(
        try session.events().events.flatMap { try encoder.encode($0) + [10] })
      for lease in try session.leases() {
        contents["postgresql:leases/\(lease.id)"] = Data(try JSONCoding.encodeFile(lease))
      }
      return contents
    }
  }
}

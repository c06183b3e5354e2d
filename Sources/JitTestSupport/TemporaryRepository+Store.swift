import Foundation
import JitCore
import JitPostgres

/// What a test reads or sets behind the commands' back, in whichever store the repository uses:
/// the files, or its PostgreSQL database (`RepositoryStore`).
extension TemporaryRepository {
  /// The store the repository's commands use, opened as the next command would open it.
  public func openStore() -> any Store {
    switch store {
    case .files: return JSONFileStore(layout: layout)
    case .postgresql: return PostgresStore(conninfo: environment["JIT_DATABASE_URL"] ?? "")
    }
  }

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
    let path = layout.issuesDirectory + "/" + id + ".json"
    let data: Data
    switch store {
    case .files: data = try Data(contentsOf: URL(fileURLWithPath: path))
    case .postgresql:
      let issue = try openStore().read { try $0.load(IssueID(validating: id)) }
      data = Data(try JSONCoding.encodeFile(issue))
    }
    guard var object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
      throw HarnessError("\(path) is not an object")
    }
    change(&object)
    let written = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
    switch store {
    case .files: try written.write(to: URL(fileURLWithPath: path))
    case .postgresql:
      let issue = try JSONCoding.decodeFile(Issue.self, Array(written), path: path)
      try openStore().write { try $0.save(issue) }
    }
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

extension TemporaryRepository {
  /// On PostgreSQL, each issue, the registry, the events and the leases the database holds, as
  /// they would be written to files; nothing on the files (`snapshot()` has them).
  func databaseSnapshot() throws -> [String: Data] {
    guard store == .postgresql else { return [:] }
    return try openStore().read { session in
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

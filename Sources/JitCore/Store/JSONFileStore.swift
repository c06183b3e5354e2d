/// The plain store: one pretty-printed JSON file per issue under `.jit/issues/`, and
/// `.jit/gates.json`. Every read goes to the files.
public struct JSONFileStore: IssueStore {
  public let repository: RepositoryLayout
  public let lock: FileLock

  public init(layout: RepositoryLayout, lockTimeout: Duration = .seconds(30)) {
    self.repository = layout
    self.lock = FileLock(path: layout.lockFile, timeout: lockTimeout)
  }

  public var layout: RepositoryLayout? { repository }

  public func withLock<T>(_ mode: FileLock.Mode, _ body: () throws -> T) throws -> T {
    try lock.withLock(mode, body)
  }

  public func allIDs() throws -> [IssueID] {
    try FileSystem.list(repository.issuesDirectory).compactMap(Self.id(fromFileName:)).sorted()
  }

  /// The id a file name stands for, if it is an issue file (`<ULID>.json`).
  public static func id(fromFileName name: String) -> IssueID? {
    guard name.hasSuffix(".json") else { return nil }
    return IssueID(String(name.dropLast(5)))
  }

  public func load(_ id: IssueID) throws -> Issue {
    let path = repository.issueFile(id)
    guard let bytes = try FileSystem.read(path) else { throw JitError.issueNotFound(id.rawValue) }
    let issue = try JSONCoding.decodeFile(Issue.self, bytes, path: repository.relative(path))
    guard issue.id == id else {
      throw JitError.corruptFile(
        repository.relative(path), "its id is \(issue.id) but its file name says \(id)")
    }
    return issue
  }

  public func contains(_ id: IssueID) throws -> Bool {
    FileSystem.exists(repository.issueFile(id))
  }

  public func loadAll() throws -> [Issue] {
    try allIDs().map(load)
  }

  public func save(_ issue: Issue) throws {
    try FileSystem.writeAtomically(JSONCoding.encodeFile(issue), to: repository.issueFile(issue.id))
  }

  public func remove(_ id: IssueID) throws {
    try FileSystem.remove(repository.issueFile(id))
  }

  public func loadGates() throws -> GateRegistry {
    guard let bytes = try FileSystem.read(repository.gatesFile) else { return GateRegistry() }
    let registry = try JSONCoding.decodeFile(
      GateRegistry.self, bytes, path: repository.relative(repository.gatesFile))
    for (key, definition) in registry.gates where definition.key != key {
      throw JitError.corruptFile(
        repository.relative(repository.gatesFile), "gate '\(key)' says its key is '\(definition.key)'")
    }
    return registry
  }

  public func saveGates(_ registry: GateRegistry) throws {
    try FileSystem.writeAtomically(JSONCoding.encodeFile(registry), to: repository.gatesFile)
  }
}

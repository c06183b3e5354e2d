/// Where issues and the gate registry are kept. `Tracker` is the only caller that mutates, and it
/// does so inside `withLock(.exclusive)`.
///
/// The JSON files are the source of truth; a store may keep a derived index for speed, but every
/// answer must equal what a plain read of the files gives.
public protocol IssueStore: Sendable {
  /// The repository this store reads, if it is on disk.
  var layout: RepositoryLayout? { get }

  /// Runs `body` holding the repository lock.
  func withLock<T>(_ mode: FileLock.Mode, _ body: () throws -> T) throws -> T

  /// Every issue id, in ascending order.
  func allIDs() throws -> [IssueID]
  /// One issue; `ISSUE_NOT_FOUND` if it does not exist, `CORRUPT_FILE` if it does not parse.
  func load(_ id: IssueID) throws -> Issue
  /// Whether an issue exists.
  func contains(_ id: IssueID) throws -> Bool
  /// Every issue. Fails on the first file that does not parse.
  func loadAll() throws -> [Issue]
  /// The ids of the issues that list `id` among their dependencies.
  func dependents(of id: IssueID) throws -> [IssueID]

  /// Writes one issue (creating or replacing it).
  func save(_ issue: Issue) throws
  /// Removes one issue.
  func remove(_ id: IssueID) throws

  /// The gate registry.
  func loadGates() throws -> GateRegistry
  /// Replaces the gate registry.
  func saveGates(_ registry: GateRegistry) throws
}

extension IssueStore {
  public func contains(_ id: IssueID) throws -> Bool {
    do {
      _ = try load(id)
      return true
    } catch let error as JitError where error.code == .issueNotFound {
      return false
    }
  }

  public func dependents(of id: IssueID) throws -> [IssueID] {
    try loadAll().filter { $0.dependencies.contains(id) }.map(\.id).sorted()
  }
}

import Synchronization

/// A store that keeps everything in memory: for tests of the rules, and as the second backend the
/// store contract tests run against.
public final class MemoryStore: IssueStore {
  private struct Contents {
    var issues: [IssueID: Issue] = [:]
    var gates = GateRegistry()
  }
  private let contents = Mutex(Contents())
  private let lock = Mutex(())

  public init(gates: GateRegistry = GateRegistry()) {
    contents.withLock { $0.gates = gates }
  }

  public var layout: RepositoryLayout? { nil }

  public func withLock<T>(_ mode: FileLock.Mode, _ body: () throws -> T) throws -> T {
    try lock.withLock { _ in try body() }
  }

  public func allIDs() throws -> [IssueID] { contents.withLock { $0.issues.keys.sorted() } }

  public func load(_ id: IssueID) throws -> Issue {
    guard let issue = contents.withLock({ $0.issues[id] }) else {
      throw JitError.issueNotFound(id.rawValue)
    }
    return issue
  }

  public func loadAll() throws -> [Issue] {
    contents.withLock { $0.issues.values.sorted { $0.id < $1.id } }
  }

  public func save(_ issue: Issue) throws { contents.withLock { $0.issues[issue.id] = issue } }

  public func remove(_ id: IssueID) throws { _ = contents.withLock { $0.issues.removeValue(forKey: id) } }

  public func loadGates() throws -> GateRegistry { contents.withLock { $0.gates } }

  public func saveGates(_ registry: GateRegistry) throws { contents.withLock { $0.gates = registry } }
}

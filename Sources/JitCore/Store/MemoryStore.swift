import Synchronization

/// A store that keeps everything in memory: for tests of the rules, for servers' tests, and as a
/// backend the storage contract suite runs against.
///
/// A read session works on a snapshot taken when it starts; write sessions run one at a time and
/// publish their unit in one step when the closure returns.
public final class MemoryStore: Store {
  struct Contents: Sendable {
    var issues: [IssueID: Issue] = [:]
    var gates = GateRegistry()
    var events: [Event] = []
    var leases: [IssueID: Lease] = [:]
  }
  private let contents: Mutex<Contents>
  /// Serializes write sessions; readers never take it.
  private let writer = Mutex(())

  public init(gates: GateRegistry = GateRegistry()) {
    contents = Mutex(Contents(gates: gates))
  }

  public func read<T>(_ body: (any ReadSession) throws -> T) throws -> T {
    try body(Snapshot(contents.withLock { $0 }))
  }

  public func write<T>(_ body: (any WriteSession) throws -> T) throws -> T {
    try writer.withLock { _ in
      let session = StagingSession(base: Snapshot(contents.withLock { $0 }))
      let result = try body(session)
      let unit = session.unit
      guard !unit.isEmpty else { return result }
      contents.withLock { contents in
        for id in unit.removed { contents.issues[id] = nil }
        for issue in unit.savedIssues { contents.issues[issue.id] = issue }
        if let gates = unit.gates { contents.gates = gates }
        contents.events += unit.events
        for (id, lease) in unit.leases { contents.leases[id] = lease }
      }
      return result
    }
  }

  /// A read session over a copy of the contents (copy-on-write: cheap until a writer changes them).
  struct Snapshot: ReadSession {
    let contents: Contents
    init(_ contents: Contents) { self.contents = contents }

    func allIDs() throws -> [IssueID] { contents.issues.keys.sorted() }

    func load(_ id: IssueID) throws -> Issue {
      guard let issue = contents.issues[id] else { throw JitError.issueNotFound(id.rawValue) }
      return issue
    }

    func contains(_ id: IssueID) throws -> Bool { contents.issues[id] != nil }

    func loadAll() throws -> [Issue] { contents.issues.values.sorted { $0.id < $1.id } }

    func gates() throws -> GateRegistry { contents.gates }

    func events() throws -> EventLogContents { EventLogContents(events: contents.events) }

    func lease(_ id: IssueID) throws -> Lease? { contents.leases[id] }

    func leases() throws -> [Lease] { contents.leases.keys.sorted().compactMap { contents.leases[$0] } }
  }
}

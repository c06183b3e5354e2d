import JitCore
import JitIndex
import JitPostgres

/// The backends the storage contract suite and the rule tests run against, each made fresh and empty.
public enum StoreBackend: String, CaseIterable, Sendable, CustomStringConvertible {
  /// `MemoryStore`.
  case memory
  /// `JSONFileStore`: the plain files.
  case files
  /// `IndexedStore`: the files with the SQLite index.
  case indexed
  /// `PostgresStore`, in a schema of its own on the test process's PostgreSQL (`PostgresServer`).
  case postgresql

  public var description: String { rawValue }

  /// A fresh store of this kind whose registry holds `gates`. A store on disk lives in a temporary
  /// repository that is removed when the store is released.
  public func make(
    gates: GateRegistry = GateRegistry(), lockTimeout: Duration = .seconds(30), faults: FaultInjector = .none
  ) throws -> TestStore {
    switch self {
    case .memory:
      return TestStore(MemoryStore(gates: gates), directory: nil, layout: nil)
    case .files, .indexed:
      let directory = try TemporaryDirectory(prefix: "jit-store")
      let layout = RepositoryLayout(jitDirectory: directory.path + "/.jit")
      try RepositoryInitializer.initialize(layout)
      let store: any Store =
        self == .files
        ? JSONFileStore(layout: layout, lockTimeout: lockTimeout, faults: faults)
        : IndexedStore(layout: layout, toolVersion: "test", lockTimeout: lockTimeout, faults: faults)
      if !gates.gates.isEmpty {
        try JSONFileStore(layout: layout).write { try $0.saveGates(gates) }
      }
      return TestStore(store, directory: directory, layout: layout)
    case .postgresql:
      let store = PostgresStore(
        conninfo: try PostgresServer.shared().makeDatabase(), lockTimeout: lockTimeout)
      try store.create(toolVersion: "test")
      if !gates.gates.isEmpty { try store.write { try $0.saveGates(gates) } }
      return TestStore(store, directory: nil, layout: nil)
    }
  }

  /// A new store of this kind over an existing repository, as the next command would open it.
  public func reopen(_ layout: RepositoryLayout) -> any Store {
    switch self {
    case .memory, .files, .postgresql: return JSONFileStore(layout: layout)
    case .indexed: return IndexedStore(layout: layout, toolVersion: "test")
    }
  }

  /// A tracker over a fresh store of this kind, with a clock that moves one millisecond per reading.
  public func tracker(gates: GateRegistry = GateRegistry()) throws -> Tracker {
    let store = try make(gates: gates)
    let clock = TestClock()
    return Tracker(store: store, clock: { clock.tick() }, workspace: store.layout)
  }
}

/// A store made for a test: it forwards to the backend and keeps the backend's temporary
/// repository alive for as long as anything holds the store.
public final class TestStore: Store {
  public let backend: any Store
  /// The repository, for backends on disk.
  public let layout: RepositoryLayout?
  let directory: TemporaryDirectory?

  init(_ backend: any Store, directory: TemporaryDirectory?, layout: RepositoryLayout?) {
    self.backend = backend
    self.directory = directory
    self.layout = layout
  }

  public func read<T>(_ body: (any ReadSession) throws -> T) throws -> T { try backend.read(body) }
  public func write<T>(_ body: (any WriteSession) throws -> T) throws -> T { try backend.write(body) }
  public func claimWrite<T>(_ body: (any WriteSession) throws -> T) throws -> T {
    try backend.claimWrite(body)
  }
}

/// Plain reads in sessions of their own, for tests' assertions.
extension Store {
  public func load(_ id: IssueID) throws -> Issue { try read { try $0.load(id) } }
  public func loadAll() throws -> [Issue] { try read { try $0.loadAll() } }
  public func contains(_ id: IssueID) throws -> Bool { try read { try $0.contains(id) } }
  public func loadGates() throws -> GateRegistry { try read { try $0.gates() } }
  public func allEvents() throws -> [Event] { try read { try $0.events().events } }
}

import Foundation
import JitCore
import JitTestSupport
import Synchronization
import Testing

/// A mutation is atomic as a unit on disk: stopped at any step of its commit, by an error or by the
/// death of the process, the repository is found as if it had not happened at all.
@Suite struct CrashAtomicityTests {
  /// Counts the steps of commits once armed, and stops the one numbered `stopAt`.
  final class FaultPlan: Sendable {
    enum Stop: Sendable { case crash, error }
    struct State {
      var armed = false
      var seen = 0
      var stopAt: Int?
      var stop = Stop.crash
    }
    let state = Mutex(State())
    struct Injected: Error {}

    var injector: FaultInjector {
      FaultInjector { [self] step in
        try state.withLock { state in
          guard state.armed else { return }
          defer { state.seen += 1 }
          guard state.seen == state.stopAt else { return }
          if state.stop == .crash { throw FaultInjector.Crash(step: step) }
          throw Injected()
        }
      }
    }

    func arm(stopAt: Int?, _ stop: Stop) {
      state.withLock { $0 = State(armed: true, seen: 0, stopAt: stopAt, stop: stop) }
    }
    var seen: Int { state.withLock { $0.seen } }
  }

  /// A mutation to stop at each step, after a setup that is not stopped.
  struct Scenario: Sendable, CustomStringConvertible {
    var description: String
    var setup: @Sendable (Tracker) throws -> [IssueID]
    var mutation: @Sendable (Tracker, [IssueID]) throws -> Void
  }

  static var lead: Actor { get throws { try Actor(validating: "human:lead") } }
  static var agent: Actor { get throws { try Actor(validating: "agent:worker") } }
  static let gates = GateRegistry(gates: [
    "review": GateDefinition(key: "review", title: "Review")
  ])

  static let scenarios: [Scenario] = [
    Scenario(
      description: "create with a dependency",
      setup: { [try $0.create(IssueDraft(title: "base"), by: try lead).id] },
      mutation: { tracker, ids in
        _ = try tracker.create(IssueDraft(title: "new", dependencies: ids), by: try lead)
      }),
    Scenario(
      description: "the last gate pass makes an issue done and five dependents ready",
      setup: { tracker in
        let root = try tracker.create(IssueDraft(title: "root", gates: [GateKey("review")]), by: try lead)
        for index in 0..<5 {
          _ = try tracker.create(
            IssueDraft(title: "dependent \(index)", dependencies: [root.id]), by: try lead)
        }
        _ = try tracker.claim(IssueReference(root.id), to: try agent)
        _ = try tracker.complete(IssueReference(root.id), by: try agent)
        return [root.id]
      },
      mutation: { tracker, ids in
        _ = try tracker.setGate(
          IssueReference(ids[0]), GateKey("review"), to: .passed, by: try lead, approval: .personAtTerminal)
      }),
    Scenario(
      description: "a gate definition",
      setup: { _ in [] },
      mutation: { tracker, _ in
        _ = try tracker.defineGate(
          GateSpec(key: "lint", title: "Lint", auto: true), update: false, by: try lead)
      }),
    Scenario(
      description: "a forced delete that detaches dependents",
      setup: { tracker in
        let root = try tracker.create(IssueDraft(title: "root"), by: try lead)
        for index in 0..<3 {
          _ = try tracker.create(
            IssueDraft(title: "dependent \(index)", dependencies: [root.id]), by: try lead)
        }
        return [root.id]
      },
      mutation: { tracker, ids in _ = try tracker.delete(IssueReference(ids[0]), force: true, by: try lead) }),
  ]

  /// Every committed file under `.jit/`, by path (the derived cache and transient state left out).
  static func snapshot(_ layout: RepositoryLayout) throws -> [String: Data] {
    var files: [String: Data] = [:]
    let root = URL(fileURLWithPath: layout.jitDirectory)
    guard let walker = FileManager.default.enumerator(atPath: root.path) else { return files }
    while let path = walker.nextObject() as? String {
      if path.hasPrefix("cache") || path.hasPrefix("run") || path == ".lock" { continue }
      var isDirectory: ObjCBool = false
      let full = root.appendingPathComponent(path).path
      if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue {
        files[path] = FileManager.default.contents(atPath: full)
      }
    }
    return files
  }

  func fixture(_ backend: StoreBackend, _ scenario: Scenario) throws -> (
    FaultPlan, Tracker, TestStore, [IssueID]
  ) {
    let plan = FaultPlan()
    let store = try backend.make(gates: Self.gates, faults: plan.injector)
    let clock = TestClock()
    let tracker = Tracker(store: store, clock: { clock.tick() }, workspace: store.layout)
    let ids = try scenario.setup(tracker)
    return (plan, tracker, store, ids)
  }

  @Test(arguments: [StoreBackend.files, .indexed], Self.scenarios.indices)
  func stoppedAtAnyStepTheMutationDidNotHappen(backend: StoreBackend, scenario index: Int) throws {
    let scenario = Self.scenarios[index]
    // How many steps the mutation's commit has.
    let (counter, countingTracker, _, countingIDs) = try fixture(backend, scenario)
    counter.arm(stopAt: nil, .crash)
    try scenario.mutation(countingTracker, countingIDs)
    let steps = counter.seen
    #expect(steps >= 4, "a commit has at least a journal, a file, the events and a sync")
    for stop in [FaultPlan.Stop.crash, .error] {
      for step in 0..<steps {
        let (plan, tracker, store, ids) = try fixture(backend, scenario)
        let layout = try #require(store.layout)
        let before = try Self.snapshot(layout)
        plan.arm(stopAt: step, stop)
        #expect(throws: (any Error).self, "\(scenario) stopped at step \(step)") {
          try scenario.mutation(tracker, ids)
        }
        if stop == .error {
          // Reported as a failure: nothing changed, before any other command looks.
          #expect(try Self.snapshot(layout) == before, "\(scenario): error at step \(step) left a change")
          #expect(!FileJournal.isPending(layout))
        }
        // The next command, in a new process as it were, finds the repository as before.
        let next = Tracker(store: backend.reopen(layout), clock: { Timestamp(millisecondsSince1970: 0) })
        let issues = try next.store.loadAll()
        #expect(try Self.snapshot(layout) == before, "\(scenario): \(stop) at step \(step) left a change")
        #expect(!FileJournal.isPending(layout), "the journal is gone after recovery")
        let strays = try FileManager.default.subpathsOfDirectory(atPath: layout.jitDirectory)
          .filter { $0.hasSuffix(".tmp") }
        #expect(strays.isEmpty, "no temporary file is left: \(strays)")
        // The index (if any) agrees with the files, and the mutation can be made again.
        #expect(
          try next.query(.ready).map(\.id)
            == issues.filter(\.isClaimable).sorted(by: Issue.workOrder).map(\.id))
        plan.arm(stopAt: nil, .crash)
        try scenario.mutation(tracker, ids)
      }
    }
  }

  @Test(arguments: [StoreBackend.files, .indexed])
  func validateAfterACrashSeesTheRepositoryAsBeforeTheWrite(backend: StoreBackend) throws {
    let scenario = Self.scenarios[1]
    let (plan, tracker, store, ids) = try fixture(backend, scenario)
    let layout = try #require(store.layout)
    let before = try Self.snapshot(layout)
    plan.arm(stopAt: 4, .crash)  // after the journal and a few of the files
    #expect(throws: FaultInjector.Crash.self) { try scenario.mutation(tracker, ids) }
    #expect(FileJournal.isPending(layout))
    let findings = RepositoryValidator(layout: layout).validate()
    #expect(findings.diagnostics.filter { $0.severity == .error }.isEmpty, "\(findings.diagnostics)")
    #expect(findings.repairs.isEmpty)
    #expect(!FileJournal.isPending(layout))
    #expect(try Self.snapshot(layout) == before)
  }

  @Test func aLogThatCannotBeAppendedToRefusesTheUnitBeforeAnythingIsWritten() throws {
    let store = try StoreBackend.files.make()
    let layout = try #require(store.layout)
    let clock = TestClock()
    let tracker = Tracker(store: store, clock: { clock.tick() })
    try FileManager.default.removeItem(atPath: layout.eventsFile)
    try FileManager.default.createDirectory(atPath: layout.eventsFile, withIntermediateDirectories: false)
    let before = try Self.snapshot(layout)
    let error = try #require(throws: JitError.self) {
      _ = try tracker.create(IssueDraft(title: "lost?"), by: try Self.lead)
    }
    #expect(error.code == .ioError)
    #expect(try Self.snapshot(layout) == before)
    #expect(try store.loadAll().isEmpty)
  }
}

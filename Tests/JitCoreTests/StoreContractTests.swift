import JitCore
import JitTestSupport
import Synchronization
import Testing

/// The storage contract, and a store shared as a server shares it, for every backend.
@Suite struct StoreContractTests {
  @Test(arguments: StoreBackend.allCases, StoreContract.allCases)
  func everyBackendKeepsTheContract(backend: StoreBackend, check: StoreContract) throws {
    try check.check(backend)
  }

  /// 200 ready issues in a store of `backend`, and a tracker over it.
  func readyPool(_ backend: StoreBackend) throws -> (Tracker, Set<IssueID>) {
    let tracker = try backend.tracker()
    let lead = try Actor(validating: "human:lead")
    var ids: Set<IssueID> = []
    for index in 0..<200 {
      ids.insert(try tracker.create(IssueDraft(title: "work \(index)"), by: lead).id)
    }
    return (tracker, ids)
  }

  /// What the claimers saw: each claim, and every `NO_READY_ISSUE` made while work was still ready.
  final class Tally: Sendable {
    let claims = Mutex<[IssueID]>([])
    let falseNoneReady = Mutex(0)
    let failures = Mutex<[String]>([])

    /// Claims until none is left; a `NO_READY_ISSUE` is checked against a fresh read.
    func claimAll(_ tracker: Tracker, as worker: Int) {
      do {
        let actor = try Actor(validating: "agent:worker-\(worker)")
        while true {
          do {
            let issue = try tracker.claimNext(to: actor)
            claims.withLock { $0.append(issue.id) }
          } catch let error as JitError where error.code == .noReadyIssue {
            if try !tracker.query(.ready).isEmpty { falseNoneReady.withLock { $0 += 1 } }
            return
          }
        }
      } catch {
        failures.withLock { $0.append("worker \(worker): \(error)") }
      }
    }

    func verify(_ ids: Set<IssueID>) {
      let claimed = claims.withLock { $0 }
      #expect(failures.withLock { $0 }.isEmpty, "\(failures.withLock { $0 })")
      #expect(claimed.count == ids.count, "every issue claimed once: \(claimed.count) claims of \(ids.count)")
      #expect(Set(claimed) == ids)
      #expect(falseNoneReady.withLock { $0 } == 0, "NO_READY_ISSUE while work was ready")
    }
  }

  @Test(arguments: StoreBackend.allCases)
  func sixtyFourThreadsSharingOneStoreClaimEveryIssueOnce(backend: StoreBackend) throws {
    let (tracker, ids) = try readyPool(backend)
    let tally = Tally()
    try TestThread.runAll(64) { worker in tally.claimAll(tracker, as: worker) }
    tally.verify(ids)
    let stored = try tracker.store.loadAll()
    #expect(stored.allSatisfy { $0.state == .inProgress && $0.assignee != nil })
  }

  @Test(arguments: StoreBackend.allCases)
  func sixtyFourTasksSharingOneStoreClaimEveryIssueOnce(backend: StoreBackend) async throws {
    let (tracker, ids) = try readyPool(backend)
    let tally = Tally()
    await withTaskGroup(of: Void.self) { group in
      for worker in 0..<64 {
        group.addTask {
          // The blocking claim runs on a thread of its own, never on the cooperative pool.
          _ = try? await BlockingWork.run { tally.claimAll(tracker, as: worker) }
        }
      }
    }
    tally.verify(ids)
  }

  @Test(arguments: StoreBackend.allCases)
  func asyncSessionsReadAndWrite(backend: StoreBackend) async throws {
    let store = try backend.make()
    let clock = TestClock()
    let now = clock.tick()
    let issue = Issue(
      id: try IssueID(validating: ULIDGenerator().next(at: now.date)), title: "async", createdAt: now,
      updatedAt: now)
    try await store.write { try $0.save(issue) }
    let loaded = try await store.read { try $0.load(issue.id) }
    #expect(loaded == issue)
  }
}

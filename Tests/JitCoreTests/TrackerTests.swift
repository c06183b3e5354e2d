import Foundation
import JitTestSupport
import Synchronization
import Testing

@testable import JitCore

/// The rules, run against every backend.
@Suite struct TrackerTests {
  var human: Actor { get throws { try Actor(validating: "human:alice") } }
  var agent: Actor { get throws { try Actor(validating: "agent:a1") } }

  func makeTracker(_ backend: StoreBackend, gates: GateRegistry = GateRegistry()) throws -> Tracker {
    try backend.tracker(gates: gates)
  }

  /// A clock that moves one millisecond per reading.
  final class Clock: Sendable {
    let now = Mutex<Int64>(1_700_000_000_000)
    func tick() -> Timestamp {
      Timestamp(
        millisecondsSince1970: now.withLock {
          $0 += 1
          return $0
        })
    }
  }

  @Test(arguments: StoreBackend.allCases) func newIssueIsReadyWithoutDependenciesAndBacklogWithThem(
    backend: StoreBackend
  ) throws {
    let tracker = try makeTracker(backend)
    let first = try tracker.create(IssueDraft(title: "first"), by: human)
    let second = try tracker.create(IssueDraft(title: "second", dependencies: [first.id]), by: human)
    #expect(first.state == .ready)
    #expect(second.state == .backlog)
  }

  /// `second` depends on `first`, which an agent has claimed and finished.
  func finishedChain(_ backend: StoreBackend) throws -> (Tracker, JitCore.Issue, JitCore.Issue) {
    let tracker = try makeTracker(backend)
    let first = try tracker.create(IssueDraft(title: "first"), by: human)
    let second = try tracker.create(IssueDraft(title: "second", dependencies: [first.id]), by: human)
    _ = try tracker.claim(IssueReference(first.id), to: agent)
    _ = try tracker.complete(IssueReference(first.id), by: agent)
    return (tracker, first, second)
  }

  @Test(arguments: StoreBackend.allCases) func finishingADependencyMakesDependentsReady(backend: StoreBackend)
    throws
  {
    let (tracker, first, second) = try finishedChain(backend)
    #expect(try tracker.store.load(second.id).state == .ready)
    _ = try tracker.reopen(IssueReference(first.id), by: human)
    #expect(try tracker.store.load(second.id).state == .backlog)
    #expect(try tracker.store.load(first.id).state == .ready)
  }

  @Test(arguments: StoreBackend.allCases) func cycleIsRefusedWithItsPathAndNothingChanges(
    backend: StoreBackend
  ) throws {
    let tracker = try makeTracker(backend)
    let a = try tracker.create(IssueDraft(title: "a"), by: human)
    let b = try tracker.create(IssueDraft(title: "b", dependencies: [a.id]), by: human)
    let c = try tracker.create(IssueDraft(title: "c", dependencies: [b.id]), by: human)
    let before = try tracker.store.loadAll()
    let error = try #require(throws: JitError.self) {
      try tracker.addDependencies(IssueReference(a.id), on: [IssueReference(c.id)], by: human)
    }
    #expect(error.code == .cycleDetected)
    #expect(error.details["cycle"] == .array([a.id, c.id, b.id, a.id].map { .string($0.rawValue) }))
    #expect(try tracker.store.loadAll() == before)
  }

  @Test(arguments: StoreBackend.allCases) func selfDependencyAndUnknownIdsAreRefused(backend: StoreBackend)
    throws
  {
    let tracker = try makeTracker(backend)
    let a = try tracker.create(IssueDraft(title: "a"), by: human)
    #expect(
      throws: JitError(
        .selfDependency, "\(a.id.short) cannot depend on itself", details: ["id": .string(a.id.rawValue)])
    ) {
      try tracker.addDependencies(IssueReference(a.id), on: [IssueReference(a.id)], by: human)
    }
    let error = try #require(throws: JitError.self) {
      try tracker.addDependencies(IssueReference(a.id), on: [IssueReference("ZZZZZZZZ")], by: human)
    }
    #expect(error.code == .issueNotFound)
  }

  @Test(arguments: StoreBackend.allCases) func addingAnExistingEdgeIsANoOp(backend: StoreBackend) throws {
    let tracker = try makeTracker(backend)
    let a = try tracker.create(IssueDraft(title: "a"), by: human)
    let b = try tracker.create(IssueDraft(title: "b", dependencies: [a.id]), by: human)
    let eventsBefore = try tracker.store.allEvents().count
    let change = try tracker.addDependencies(IssueReference(b.id), on: [IssueReference(a.id)], by: human)
    #expect(change.changed.isEmpty)
    #expect(change.unchanged == [a.id])
    #expect(try tracker.store.allEvents().count == eventsBefore)
  }

  @Test(arguments: StoreBackend.allCases) func unarchivingADoneIssueBringsItBackDoneAndItsDependentsFollow(
    backend: StoreBackend
  ) throws {
    let (tracker, first, second) = try finishedChain(backend)
    let archived = try tracker.archive(IssueReference(first.id), by: human)
    #expect(archived.state == .archived)
    #expect(archived.archivedFrom == .done)
    #expect(try tracker.store.load(second.id).state == .backlog)  // only done satisfies a dependency
    let back = try tracker.unarchive(IssueReference(first.id), by: human)
    #expect(back.state == .done)
    #expect(try back.assignee == agent)  // who did the work stays on it
    #expect(back.archivedFrom == nil)
    #expect(try tracker.store.load(second.id).state == .ready)
  }

  @Test(arguments: StoreBackend.allCases) func unarchivingAnOpenIssueDerivesItsStateAgain(
    backend: StoreBackend
  ) throws {
    let tracker = try makeTracker(backend)
    let first = try tracker.create(IssueDraft(title: "first"), by: human)
    _ = try tracker.claim(IssueReference(first.id), to: agent)
    #expect(try tracker.archive(IssueReference(first.id), by: human).archivedFrom == .inProgress)
    let back = try tracker.unarchive(IssueReference(first.id), by: human)
    #expect(back.state == .ready)
    #expect(back.assignee == nil)
    #expect(back.archivedFrom == nil)
  }

  @Test(arguments: StoreBackend.allCases) func claimIsExclusiveAndNeedsReady(backend: StoreBackend) throws {
    let tracker = try makeTracker(backend)
    let a = try tracker.create(IssueDraft(title: "a"), by: human)
    let b = try tracker.create(IssueDraft(title: "b", dependencies: [a.id]), by: human)
    _ = try tracker.claim(IssueReference(a.id), to: agent)
    let taken = try #require(throws: JitError.self) {
      try tracker.claim(IssueReference(a.id), to: Actor(validating: "agent:a2"))
    }
    #expect(taken.code == .alreadyAssigned)
    let notReady = try #require(throws: JitError.self) { try tracker.claim(IssueReference(b.id), to: agent) }
    #expect(notReady.code == .notReady)
    #expect(notReady.message.contains(a.id.short))
  }

  @Test(arguments: StoreBackend.allCases) func claimNextTakesHighestPriorityThenOldest(backend: StoreBackend)
    throws
  {
    let tracker = try makeTracker(backend)
    _ = try tracker.create(IssueDraft(title: "low", priority: .low), by: human)
    let oldHigh = try tracker.create(IssueDraft(title: "old high", priority: .high), by: human)
    _ = try tracker.create(IssueDraft(title: "new high", priority: .high), by: human)
    let critical = try tracker.create(
      IssueDraft(title: "critical blocked", priority: .critical, dependencies: [oldHigh.id]), by: human)
    #expect(try tracker.claimNext(to: agent).id == oldHigh.id)
    #expect(try tracker.claimNext(filter: IssueFilter(parsing: "priority:low"), to: agent).title == "low")
    #expect(try tracker.store.load(critical.id).state == .backlog)
    let none = try #require(throws: JitError.self) {
      try tracker.claimNext(filter: IssueFilter(parsing: "priority:critical"), to: agent)
    }
    #expect(none.code == .noReadyIssue)
  }

  @Test(arguments: [
    "colour:red", "priority:urgent", "state:blocked", "priority", "assignee:bob!", "assignee:x:", "", "  ,",
    "priority:",
    "priority:high|", "priority:|high", "priority:high||low",
  ])
  func badFiltersAreErrors(_ expression: String) {
    #expect(throws: JitError.self) { try IssueFilter(parsing: expression) }
  }

  @Test(arguments: StoreBackend.allCases) func unassignReturnsInProgressToReady(backend: StoreBackend) throws
  {
    let tracker = try makeTracker(backend)
    let a = try tracker.create(IssueDraft(title: "a"), by: human)
    _ = try tracker.claim(IssueReference(a.id), to: agent)
    let after = try tracker.unassign(IssueReference(a.id), by: human)
    #expect(after.state == .ready)
    #expect(after.assignee == nil)
  }

  @Test(arguments: StoreBackend.allCases) func deleteWithDependentsNeedsForceWhichDetachesThem(
    backend: StoreBackend
  ) throws {
    let tracker = try makeTracker(backend)
    let a = try tracker.create(IssueDraft(title: "a"), by: human)
    let b = try tracker.create(IssueDraft(title: "b", dependencies: [a.id]), by: human)
    let refused = try #require(throws: JitError.self) {
      try tracker.delete(IssueReference(a.id), force: false, by: human)
    }
    #expect(refused.code == .hasDependents)
    #expect(try tracker.store.contains(a.id))
    let result = try tracker.delete(IssueReference(a.id), force: true, by: human)
    #expect(result.detachedDependents == [b.id])
    let after = try tracker.store.load(b.id)
    #expect(after.dependencies.isEmpty)
    #expect(after.state == .ready)
  }

  @Test(arguments: StoreBackend.allCases) func gatedIssueWaitsForGates(backend: StoreBackend) throws {
    let registry = GateRegistry(gates: ["review": GateDefinition(key: "review", title: "Review")])
    let tracker = try makeTracker(backend, gates: registry)
    let a = try tracker.create(IssueDraft(title: "a", gates: [GateKey("review")]), by: human)
    _ = try tracker.claim(IssueReference(a.id), to: agent)
    let completed = try tracker.complete(IssueReference(a.id), by: agent)
    #expect(completed.state == .gated)
    let unknown = try #require(throws: JitError.self) {
      try tracker.create(IssueDraft(title: "b", gates: [GateKey("nope")]), by: human)
    }
    #expect(unknown.code == .gateNotFound)
  }

  @Test(arguments: StoreBackend.allCases) func everyMutationWritesItsEventAndNoOpsWriteNone(
    backend: StoreBackend
  ) throws {
    let tracker = try makeTracker(backend)
    let a = try tracker.create(IssueDraft(title: "a"), by: human)
    _ = try tracker.update(IssueReference(a.id), IssueChanges(title: "a"), by: human)
    _ = try tracker.claim(IssueReference(a.id), to: agent)
    _ = try tracker.complete(IssueReference(a.id), by: agent)
    let kinds = try tracker.store.allEvents().map(\.event)
    #expect(
      kinds == [
        "issue.created", "issue.claimed", "issue.state_changed", "issue.completed", "issue.state_changed",
      ])
  }
}

import Foundation
import JitTestSupport
import Testing

@testable import JitCore

/// Who may set gates, and how issues move when they change; run against every backend.
@Suite struct GateRuleTests {
  let registry = GateRegistry(gates: [
    "review": GateDefinition(key: "review", title: "Review"),
    "tests": GateDefinition(key: "tests", title: "Tests", auto: true),
    "design": GateDefinition(key: "design", title: "Design approval", stage: .precheck),
  ])

  func actor(_ text: String) throws -> Actor { try Actor(validating: text) }

  func makeTracker(_ backend: StoreBackend) throws -> (Tracker, any Store) {
    let tracker = try backend.tracker(gates: registry)
    return (tracker, tracker.store)
  }

  /// An issue requiring `gates`, claimed by agent:worker and completed, so it is gated.
  func gatedIssue(_ tracker: Tracker, gates: [String]) throws -> JitCore.Issue {
    let issue = try tracker.create(
      IssueDraft(title: "work", gates: gates.map(GateKey.init)), by: actor("human:lead"))
    _ = try tracker.claim(IssueReference(issue.id), to: actor("agent:worker"))
    return try tracker.complete(IssueReference(issue.id), by: actor("agent:worker"))
  }

  @Test(arguments: StoreBackend.allCases) func anAgentIsRefusedAManualGateAndNothingChanges(
    backend: StoreBackend
  ) throws {
    let (tracker, events) = try makeTracker(backend)
    let issue = try gatedIssue(tracker, gates: ["review"])
    let before = (try tracker.store.loadAll(), (try events.allEvents().count))
    for status in [GateState.passed, .failed] {
      let error = try #require(throws: JitError.self) {
        try tracker.setGate(
          IssueReference(issue.id), GateKey("review"), to: status, by: actor("agent:other"),
          approval: .personAtTerminal)
      }
      #expect(error.code == .manualGateRequiresHuman)
      #expect(error.exitCode == 4)
      #expect(error.message.contains("person"))
    }
    #expect(try tracker.store.loadAll() == before.0)
    #expect((try events.allEvents().count) == before.1)
  }

  @Test(arguments: StoreBackend.allCases) func theAssigneeCannotApproveTheirOwnWork(backend: StoreBackend)
    throws
  {
    let (tracker, _) = try makeTracker(backend)
    let issue = try tracker.create(
      IssueDraft(title: "mine", gates: [GateKey("review")]), by: actor("human:lead"))
    _ = try tracker.claim(IssueReference(issue.id), to: actor("human:bob"))
    let error = try #require(throws: JitError.self) {
      try tracker.setGate(
        IssueReference(issue.id), GateKey("review"), to: .passed, by: actor("human:bob"),
        approval: .personAtTerminal)
    }
    #expect(error.code == .selfApproval)
    #expect(try tracker.store.load(issue.id).gateStatus("review").status == .pending)
    // Another person may, and the assignee may not waive it by removing it either.
    let removal = try #require(throws: JitError.self) {
      try tracker.removeGate(
        IssueReference(issue.id), GateKey("review"), by: actor("human:bob"), approval: .personAtTerminal)
    }
    #expect(removal.code == .selfApproval)
    _ = try tracker.setGate(
      IssueReference(issue.id), GateKey("review"), to: .passed, by: actor("human:carol"),
      approval: .personAtTerminal)
    #expect(try tracker.store.load(issue.id).gateStatus("review").status == .passed)
  }

  @Test(arguments: StoreBackend.allCases) func automatedGatesArePassedByAutomationAndFailedByAnyone(
    backend: StoreBackend
  ) throws {
    let (tracker, _) = try makeTracker(backend)
    let issue = try gatedIssue(tracker, gates: ["tests"])
    let error = try #require(throws: JitError.self) {
      try tracker.setGate(
        IssueReference(issue.id), GateKey("tests"), to: .passed, by: actor("human:alice"),
        approval: .personAtTerminal)
    }
    #expect(error.code == .automatedGateRequiresAutomation)
    _ = try tracker.setGate(
      IssueReference(issue.id), GateKey("tests"), to: .failed, by: actor("human:alice"), reason: "flaky",
      approval: .personAtTerminal)
    #expect(try tracker.store.load(issue.id).state == .inProgress)
    let passed = try tracker.setGate(
      IssueReference(issue.id), GateKey("tests"), to: .passed, by: actor("ci:runner"),
      approval: .personAtTerminal)
    #expect(passed.issue.gateStatus("tests").updatedBy == (try actor("ci:runner")))
  }

  @Test(arguments: StoreBackend.allCases) func unknownAndUnrequiredGatesAreRefused(backend: StoreBackend)
    throws
  {
    let (tracker, _) = try makeTracker(backend)
    let issue = try tracker.create(IssueDraft(title: "plain"), by: actor("human:lead"))
    let unknown = try #require(throws: JitError.self) {
      try tracker.addGate(IssueReference(issue.id), GateKey("nope"), by: actor("human:lead"))
    }
    #expect(unknown.code == .gateNotFound)
    #expect(unknown.exitCode == 3)
    let created = try #require(throws: JitError.self) {
      try tracker.create(IssueDraft(title: "x", gates: [GateKey("nope")]), by: actor("human:lead"))
    }
    #expect(created.code == .gateNotFound)
    let unrequired = try #require(throws: JitError.self) {
      try tracker.setGate(
        IssueReference(issue.id), GateKey("review"), to: .passed, by: actor("human:lead"),
        approval: .personAtTerminal)
    }
    #expect(unrequired.code == .gateNotRequired)
  }

  @Test(arguments: StoreBackend.allCases) func aGatedIssueBecomesDoneOnItsLastPassAndDependentsFollow(
    backend: StoreBackend
  ) throws {
    let (tracker, events) = try makeTracker(backend)
    let issue = try gatedIssue(tracker, gates: ["tests", "review"])
    #expect(issue.state == .gated)
    let dependent = try tracker.create(
      IssueDraft(title: "next", dependencies: [issue.id]), by: actor("human:lead"))
    #expect(dependent.state == .backlog)
    let first = try tracker.setGate(
      IssueReference(issue.id), GateKey("tests"), to: .passed, by: actor("ci:runner"),
      approval: .personAtTerminal)
    #expect(first.issue.state == .gated)
    let last = try tracker.setGate(
      IssueReference(issue.id), GateKey("review"), to: .passed, by: actor("human:lead"),
      approval: .personAtTerminal)
    #expect(last.issue.state == .done)
    #expect(try tracker.store.load(dependent.id).state == .ready)
    let completed = (try events.allEvents()).filter {
      $0.event == "issue.completed" && $0.issueID == issue.id
    }
    #expect(completed.map { $0.fields["state"] } == [.string("gated"), .string("done")])
    #expect(completed.last?.fields["automatic"] == .bool(true))
  }

  @Test(arguments: StoreBackend.allCases) func aFailedGateSendsAGatedIssueBackToRework(backend: StoreBackend)
    throws
  {
    let (tracker, _) = try makeTracker(backend)
    let issue = try gatedIssue(tracker, gates: ["tests", "review"])
    let failed = try tracker.setGate(
      IssueReference(issue.id), GateKey("review"), to: .failed, by: actor("human:lead"),
      reason: "needs tests", approval: .personAtTerminal)
    #expect(failed.issue.state == .inProgress)
    #expect(failed.issue.assignee == (try actor("agent:worker")))
    #expect(failed.issue.gateStatus("review").evidence?.message == "needs tests")
    // Completed again with the gate still failed, it waits; passing another gate does not bounce it.
    let again = try tracker.complete(IssueReference(issue.id), by: actor("agent:worker"))
    #expect(again.state == .gated)
    _ = try tracker.setGate(
      IssueReference(issue.id), GateKey("tests"), to: .passed, by: actor("ci:runner"),
      approval: .personAtTerminal)
    #expect(try tracker.store.load(issue.id).state == .gated)
    _ = try tracker.setGate(
      IssueReference(issue.id), GateKey("review"), to: .passed, by: actor("human:lead"),
      approval: .personAtTerminal)
    #expect(try tracker.store.load(issue.id).state == .done)
  }

  @Test(arguments: StoreBackend.allCases) func aPrecheckGateHoldsAnIssueInBacklogUntilItPasses(
    backend: StoreBackend
  ) throws {
    let (tracker, _) = try makeTracker(backend)
    let held = try tracker.create(
      IssueDraft(title: "held", gates: [GateKey("design")]), by: actor("human:lead"))
    #expect(held.state == .backlog)
    let claim = try #require(throws: JitError.self) {
      try tracker.claim(IssueReference(held.id), to: actor("agent:w"))
    }
    #expect(claim.code == .notReady)
    let passed = try tracker.setGate(
      IssueReference(held.id), GateKey("design"), to: .passed, by: actor("human:lead"),
      approval: .personAtTerminal)
    #expect(passed.issue.state == .ready)
    // Adding a precheck gate to a ready issue sends it back to backlog.
    let other = try tracker.create(IssueDraft(title: "other"), by: actor("human:lead"))
    #expect(other.state == .ready)
    let added = try tracker.addGate(IssueReference(other.id), GateKey("design"), by: actor("human:lead"))
    #expect(added.issue.state == .backlog)
    #expect(
      try tracker.addGate(IssueReference(other.id), GateKey("design"), by: actor("human:lead")).changed
        == false)
  }

  @Test(arguments: StoreBackend.allCases) func removingTheLastPendingGateFinishesAGatedIssue(
    backend: StoreBackend
  ) throws {
    let (tracker, _) = try makeTracker(backend)
    let issue = try gatedIssue(tracker, gates: ["tests", "review"])
    _ = try tracker.setGate(
      IssueReference(issue.id), GateKey("tests"), to: .passed, by: actor("ci:runner"),
      approval: .personAtTerminal)
    let agent = try #require(throws: JitError.self) {
      try tracker.removeGate(
        IssueReference(issue.id), GateKey("review"), by: actor("agent:worker"), approval: .personAtTerminal)
    }
    #expect(agent.code == .gateRemovalRequiresHuman)
    let removed = try tracker.removeGate(
      IssueReference(issue.id), GateKey("review"), by: actor("human:lead"), approval: .personAtTerminal)
    #expect(removed.issue.state == .done)
    #expect(removed.issue.gatesRequired == ["tests"])
  }

  @Test(arguments: StoreBackend.allCases) func settingAGateTwiceIsANoOp(backend: StoreBackend) throws {
    let (tracker, events) = try makeTracker(backend)
    let issue = try gatedIssue(tracker, gates: ["tests", "review"])
    _ = try tracker.setGate(
      IssueReference(issue.id), GateKey("tests"), to: .passed, by: actor("ci:runner"),
      approval: .personAtTerminal)
    let count = (try events.allEvents().count)
    let again = try tracker.setGate(
      IssueReference(issue.id), GateKey("tests"), to: .passed, by: actor("ci:runner"),
      approval: .personAtTerminal)
    #expect(again.changed == false)
    #expect((try events.allEvents().count) == count)
  }

  @Test(arguments: StoreBackend.allCases) func doneIssuesRefuseGateChanges(backend: StoreBackend) throws {
    let (tracker, _) = try makeTracker(backend)
    let issue = try gatedIssue(tracker, gates: ["review"])
    _ = try tracker.setGate(
      IssueReference(issue.id), GateKey("review"), to: .passed, by: actor("human:lead"),
      approval: .personAtTerminal)
    let error = try #require(throws: JitError.self) {
      try tracker.setGate(
        IssueReference(issue.id), GateKey("review"), to: .failed, by: actor("human:lead"),
        approval: .personAtTerminal)
    }
    #expect(error.code == .invalidTransition)
    let reopened = try tracker.reopen(IssueReference(issue.id), by: actor("human:lead"))
    #expect(reopened.gateStatus("review").status == .pending)
  }
}

extension GateRuleTests {
  @Test(arguments: StoreBackend.allCases) func changingAGatesStageRederivesTheIssuesThatRequireIt(
    backend: StoreBackend
  ) throws {
    let (tracker, _) = try makeTracker(backend)
    let lead = try actor("human:lead")
    let issue = try tracker.create(IssueDraft(title: "w", gates: [GateKey("review")]), by: lead)
    #expect(issue.state == .ready)
    let refused = try #require(throws: JitError.self) {
      try tracker.defineGate(GateSpec(key: "review", title: "Again"), update: false, by: lead)
    }
    #expect(refused.code == .alreadyExists)
    let result = try tracker.defineGate(GateSpec(key: "review", stage: .precheck), update: true, by: lead)
    #expect(result.outcome == "updated")
    #expect(result.gate.title == "Review")
    #expect(try tracker.store.load(issue.id).state == .backlog)
    let inUse = try #require(throws: JitError.self) { try tracker.undefineGate(GateKey("review"), by: lead) }
    #expect(inUse.code == .gateInUse)
    #expect(inUse.details["issues"] == .array([.string(issue.id.rawValue)]))
  }
}

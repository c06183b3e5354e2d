import Foundation
import JitTestSupport
import Testing

@testable import JitCore

/// Leases, claim generations and fencing (issue 11, part 1), against every backend.
@Suite struct ClaimLeaseTests {
  let clock = TestClock()
  let actors: TestActors
  var lead: Actor { actors.lead }
  var agentA: Actor { actors.agentA }
  var agentB: Actor { actors.agentB }

  init() throws { actors = try TestActors() }

  func tracker(_ backend: StoreBackend) throws -> Tracker {
    let store = try backend.make()
    let clock = self.clock
    return Tracker(store: store, clock: { clock.tick() }, workspace: store.layout)
  }

  func code(_ body: () throws -> Void) -> JitError.Code? {
    do {
      try body()
      return nil
    } catch let error as JitError {
      return error.code
    } catch {
      return .internalError
    }
  }

  @Test(arguments: StoreBackend.allCases) func aClaimCountsUpAndCarriesItsLease(backend: StoreBackend) throws
  {
    let tracker = try tracker(backend)
    let issue = try tracker.create(IssueDraft(title: "work"), by: lead)
    let claimed = try tracker.claim(IssueReference(issue.id), to: agentA, lease: .seconds(90))
    #expect(claimed.claimGeneration == 1)
    let lease = try #require(try tracker.store.read { try $0.lease(issue.id) })
    #expect(lease.generation == 1 && lease.holder == agentA && lease.durationMs == 90_000)
    // A retry of the same claim is the same claim.
    #expect(try tracker.claim(IssueReference(issue.id), to: agentA, lease: .seconds(90)).claimGeneration == 1)
    // Only the holder renews, under the current claim; the renewal runs from now.
    clock.advance(60_000)
    #expect(code { _ = try tracker.heartbeat(IssueReference(issue.id), by: agentB) } == .notHolder)
    #expect(
      code {
        _ = try tracker.heartbeat(IssueReference(issue.id), by: agentA, fence: ClaimFence(generation: 2))
      }
        == .staleClaim)
    let renewed = try tracker.heartbeat(
      IssueReference(issue.id), by: agentA, fence: ClaimFence(generation: 1))
    #expect(renewed.expiresAt.millisecondsSince1970 > lease.expiresAt.millisecondsSince1970 + 59_000)
    // Leases are out of the committed files: no event for a heartbeat.
    let events = try tracker.store.read { try $0.events().events.map(\.event) }
    #expect(events.last == EventKind.issueStateChanged.rawValue)
    // Releasing and claiming again count up; the old claim's commands change nothing.
    _ = try tracker.release(IssueReference(issue.id), by: agentA)
    #expect(try tracker.store.read { try $0.lease(issue.id) } == nil)
    let again = try tracker.claim(IssueReference(issue.id), to: agentB)
    #expect(again.claimGeneration == 3)
    let before = try tracker.store.read { try $0.load(issue.id) }
    #expect(
      code {
        _ = try tracker.complete(IssueReference(issue.id), by: agentA, fence: ClaimFence(generation: 1))
      }
        == .staleClaim)
    #expect(
      code {
        _ = try tracker.update(
          IssueReference(issue.id), IssueChanges(title: "x"), by: agentA, fence: ClaimFence(generation: 1))
      }
        == .staleClaim)
    #expect(try tracker.store.read { try $0.load(issue.id) } == before)
    // A fence that names another issue does not apply here.
    let other = try IssueID(validating: ULIDGenerator().next(at: Date()))
    #expect(
      try tracker.complete(
        IssueReference(issue.id), by: agentB, fence: ClaimFence(issue: other, generation: 1)
      ).state
        == .done)
  }

  @Test(arguments: StoreBackend.allCases) func onlyTheHolderOrAPersonActsOnAClaim(backend: StoreBackend)
    throws
  {
    let tracker = try tracker(backend)
    let issue = try tracker.create(IssueDraft(title: "work"), by: lead)
    _ = try tracker.claim(IssueReference(issue.id), to: agentA)
    #expect(code { _ = try tracker.complete(IssueReference(issue.id), by: agentB) } == .notHolder)
    #expect(code { _ = try tracker.release(IssueReference(issue.id), by: agentB) } == .notHolder)
    #expect(code { _ = try tracker.unassign(IssueReference(issue.id), by: agentB) } == .notHolder)
    #expect(code { _ = try tracker.assign(IssueReference(issue.id), to: agentB, by: agentB) } == .notHolder)
    // A person may, and it is recorded as an override.
    let released = try tracker.release(IssueReference(issue.id), by: lead)
    #expect(released.assignee == nil && released.state == .ready && released.claimGeneration == 2)
    let event = try #require(
      try tracker.store.read { try $0.events().events.last { $0.event == "issue.released" } })
    #expect(event.fields["override"] == .bool(true))
    #expect(event.fields["previous"] == .string("agent:a"))
  }

  @Test(arguments: StoreBackend.allCases) func expiredLeasesAreReclaimedThenHeld(backend: StoreBackend) throws
  {
    let tracker = try tracker(backend)
    let issue = try tracker.create(IssueDraft(title: "work"), by: lead)
    let fresh = try tracker.create(IssueDraft(title: "fresh"), by: lead)
    let person = try tracker.create(IssueDraft(title: "a person's"), by: lead)
    _ = try tracker.claim(IssueReference(issue.id), to: agentA, lease: .seconds(30))
    _ = try tracker.claim(IssueReference(person.id), to: lead)  // no lease: never expires
    clock.advance(31_000)
    _ = try tracker.claim(IssueReference(fresh.id), to: agentB, lease: .seconds(30))
    let stalled = try tracker.stalled(idle: nil)
    #expect(stalled.map(\.issue.id) == [issue.id])
    #expect(stalled.first?.leaseExpired == true)
    #expect(try tracker.stalled(idle: .seconds(20)).map(\.issue.id).contains(person.id))

    let first = try tracker.reclaimExpired(by: lead, maxAttempts: 2)
    #expect(first.map(\.issue.id) == [issue.id])
    #expect(first.first?.previousHolder == agentA && first.first?.held == false)
    let reclaimed = try tracker.store.read { try $0.load(issue.id) }
    #expect(reclaimed.state == .ready && reclaimed.assignee == nil && reclaimed.attempts == 1)
    #expect(reclaimed.claimGeneration == 2)
    // The dead agent wakes up: its claim is gone.
    #expect(
      code {
        _ = try tracker.complete(IssueReference(issue.id), by: agentA, fence: ClaimFence(generation: 1))
      }
        == .staleClaim)
    // Its second lease runs out too: attempts spent, it is held, and nobody can claim it.
    _ = try tracker.claim(IssueReference(issue.id), to: agentA, lease: .seconds(30))
    clock.advance(31_000)
    let second = try tracker.reclaimExpired(by: lead, maxAttempts: 2)
    #expect(second.map(\.issue.id).contains(issue.id))
    let held = try tracker.store.read { try $0.load(issue.id) }
    #expect(held.hold != nil && held.state == .backlog && held.attempts == 2)
    #expect(code { _ = try tracker.claim(IssueReference(issue.id), to: agentB) } == .notReady)
    let next = try tracker.claimNext(to: agentB)
    #expect(next.id != issue.id)
    let blocked = try tracker.read { reader in
      var rows: [IssueID] = []
      try reader.session.query(.blocked, gates: GateRegistry()) { rows.append($0.id) }
      return rows
    }
    #expect(blocked.contains(issue.id))
    // Unheld, it is ready again with its attempts forgotten.
    let unheld = try tracker.unhold(IssueReference(issue.id), by: lead)
    #expect(unheld.state == .ready && unheld.hold == nil && unheld.attempts == 0)
    let kinds = try tracker.store.read { try $0.events().events.map(\.event) }
    for kind in ["issue.reclaimed", "issue.held", "issue.unheld"] { #expect(kinds.contains(kind)) }
  }

  @Test func claimTextsAndDurationsAreChecked() throws {
    #expect(try ClaimFence(parsing: "3").generation == 3)
    let named = try ClaimFence(parsing: "01M8RR7EWDSW38CFZYEFJW4MHX:7")
    #expect(named.issue?.rawValue == "01M8RR7EWDSW38CFZYEFJW4MHX" && named.generation == 7)
    for bad in ["", "0", "-1", "x", "1:2:3", "+3", "1e3", "01M8:2", "99999999999"] {
      #expect(throws: JitError.self, "\(bad)") { try ClaimFence(parsing: bad) }
    }
    let range: ClosedRange<Int64> = 1...(7 * 86_400)
    #expect(try DurationText.parse("90s", option: "--lease", range: range) == .seconds(90))
    #expect(try DurationText.parse("1h30m", option: "--lease", range: range) == .seconds(5400))
    #expect(try DurationText.parse("120", option: "--lease", range: range) == .seconds(120))
    for bad in ["", "0s", "8d", "1h30", "m", "1x", "-5s", "99999999999999999999s", "1.5m"] {
      #expect(throws: JitError.self, "\(bad)") {
        try DurationText.parse(bad, option: "--lease", range: range)
      }
    }
  }
}

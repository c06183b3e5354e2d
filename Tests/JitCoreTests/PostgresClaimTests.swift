import Foundation
import JitTestSupport
import Synchronization
import Testing

@testable import JitCore
@testable import JitPostgres

/// PostgreSQL's claim sessions (`PostgresStore.claimWrite`: a shared lock, one statement per
/// claim): the same rules, answers and bytes as the file store, and claims that do not wait for
/// each other while every other write still waits for them.
@Suite struct PostgresClaimTests {
  let actors: TestActors
  var lead: Actor { actors.lead }
  var agentA: Actor { actors.agentA }
  var agentB: Actor { actors.agentB }

  init() throws { actors = try TestActors() }

  /// A database of its own (not a schema in the shared one): the advisory write lock is the
  /// database's, and the other tests' writes in the shared one would take part in the timing.
  func ownDatabase() throws -> String {
    let server = try PostgresServer.shared()
    let name = "jit_claims_\(UInt32.random(in: 0...UInt32.max))_\(getpid())"
    try server.psql("CREATE DATABASE \(name)")
    return String(server.url.dropLast("postgres".count)) + name
  }

  /// The outcome of a call: the issue's bytes as its file holds them, or the error's code and message.
  func outcome(_ body: () throws -> JitCore.Issue) -> String {
    do {
      return String(decoding: try JSONCoding.encodeFile(try body()), as: UTF8.self)
    } catch let error as JitError {
      return "\(error.code): \(error.message)"
    } catch {
      return "\(error)"
    }
  }

  @Test func claimsGiveTheFileStoresAnswersByteForByte() throws {
    // A file repository with work of each kind; the same imported into a database.
    let files = try StoreBackend.files.make()
    let setup = TestClock()
    let made = Tracker(store: files, clock: { setup.tick() }, workspace: files.layout)
    let low = try made.create(IssueDraft(title: "low, oldest", priority: .low), by: lead)
    let high = try made.create(IssueDraft(title: "high", priority: .high), by: lead)
    let prerequisite = try made.create(IssueDraft(title: "prerequisite", priority: .normal), by: lead)
    let blocked = try made.create(
      IssueDraft(title: "critical, blocked", priority: .critical, dependencies: [prerequisite.id]), by: lead)
    let taken = try made.create(IssueDraft(title: "taken", priority: .critical), by: lead)
    _ = try made.claim(IssueReference(taken.id), to: agentB)
    let database = PostgresStore(conninfo: try PostgresServer.shared().makeDatabase())
    try database.create(toolVersion: "test")
    _ = try database.importFiles(from: try #require(files.layout))

    let start = setup.tick().millisecondsSince1970
    var answers: [[String]] = []
    var trackers: [Tracker] = []
    for store in [files as any Store, database] {
      let clock = TestClock(start: start)
      let tracker = Tracker(store: store, clock: { clock.tick() }, workspace: nil)
      trackers.append(tracker)
      answers.append([
        // The filter is honoured: the low one, though the high one comes first in work order.
        outcome { try tracker.claimNext(filter: IssueFilter(parsing: "priority:low"), to: agentA) },
        // Refused as on the files: held by another, blocked by a dependency, already done.
        outcome { try tracker.claim(IssueReference(taken.id), to: agentA) },
        outcome { try tracker.claim(IssueReference(blocked.id), to: agentA) },
        outcome { try tracker.claimNext(filter: IssueFilter(parsing: "assignee:agent:b"), to: agentA) },
        // Work order past the blocked critical issue, with a lease.
        outcome { try tracker.claimNext(to: agentA, lease: .seconds(90)) },
        // A retry of a claim one holds is that claim.
        outcome { try tracker.claim(IssueReference(high.id), to: agentA) },
        outcome { try tracker.claimNext(to: agentB) },
        outcome { try tracker.claimNext(to: agentB) },
      ])
    }
    #expect(answers[0] == answers[1])
    #expect(answers[0][0].contains(low.id.rawValue))
    #expect(answers[0][1].hasPrefix("alreadyAssigned") || answers[0][1].contains("already assigned"))
    #expect(answers[0][2].contains("not ready"))
    #expect(answers[0][4].contains(high.id.rawValue))
    #expect(answers[0][6].contains(prerequisite.id.rawValue))
    #expect(answers[0][7].contains("no ready"))

    // Every issue and lease the same; the same events in the same order.
    let stored = try trackers.map { tracker in
      try tracker.store.read { session in
        (
          try session.loadAll().map { String(decoding: try JSONCoding.encodeFile($0), as: UTF8.self) },
          try session.leases().map { "\($0.id) \($0.holder) \($0.generation) \($0.expiresAt)" },
          try session.events().events.map { event in
            "\(event.event) \(event.issueID?.rawValue ?? "") "
              + event.fields.keys.sorted().map { "\($0)=\(event.fields[$0].map { "\($0)" } ?? "")" }
              .joined(separator: " ")
          }
        )
      }
    }
    #expect(stored[0].0 == stored[1].0)
    #expect(stored[0].1 == stored[1].1)
    #expect(stored[0].2 == stored[1].2)
  }

  /// While one claim's transaction is open, another claim goes ahead; a write of any other kind
  /// waits for it (here until its lock timeout).
  @Test func claimsDoNotWaitForEachOtherAndOtherWritesWaitForThem() throws {
    let conninfo = try ownDatabase()
    let store = PostgresStore(conninfo: conninfo, lockTimeout: .milliseconds(500))
    try store.create(toolVersion: "test")
    let clock = TestClock()
    let tracker = Tracker(store: store, clock: { clock.tick() })
    let first = try tracker.create(IssueDraft(title: "first", priority: .high), by: lead)
    let second = try tracker.create(IssueDraft(title: "second"), by: lead)

    let inside = DispatchSemaphore(value: 0)
    let release = DispatchSemaphore(value: 0)
    let held = Mutex<String?>(nil)
    let thread = Thread {
      let id = try? store.claimWrite { session -> IssueID in
        let id = try session.claimCandidates(IssueFilter(), limit: 1).first
        inside.signal()
        release.wait()
        guard let id else { throw JitError(.noReadyIssue, "no candidate") }
        return id
      }
      held.withLock { $0 = id?.rawValue }
    }
    thread.start()
    inside.wait()
    let started = ContinuousClock.now
    let claimed: JitCore.Issue
    do { claimed = try tracker.claimNext(to: agentB) } catch let error as JitError {
      Issue.record("claimNext: \(error.message) \(error.details)")
      throw error
    }
    #expect(claimed.id == second.id, "the first is locked by the open claim: skipped, not waited for")
    #expect(ContinuousClock.now - started < .milliseconds(400))
    var code: JitError.Code?
    do { _ = try tracker.create(IssueDraft(title: "third"), by: lead) } catch let error as JitError {
      code = error.code
    }
    #expect(code == .lockTimeout, "a write of another kind waits for the claims")
    release.signal()
    while held.withLock({ $0 }) == nil { usleep(10_000) }
    #expect(held.withLock { $0 } == first.id.rawValue)
    #expect(try tracker.create(IssueDraft(title: "third"), by: lead).title == "third")
  }

  /// A follower reading by sequence number stops before a number a running claim holds (claims
  /// commit beside each other), and reads past a gap for good (a rolled back write) once no write runs.
  @Test func followersStopAtTheGapOfARunningClaim() throws {
    let conninfo = try ownDatabase()
    let store = PostgresStore(conninfo: conninfo)
    try store.create(toolVersion: "test")
    let clock = TestClock()
    _ = try Tracker(store: store, clock: { clock.tick() }).create(IssueDraft(title: "one"), by: lead)
    let first = try store.events(after: 0)
    #expect(first.contents.events.count == 1)
    let line = try #require(try PostgresConnection(conninfo).query("SELECT line FROM jit_events").first?[0])
    func claimer() throws -> PostgresConnection {
      let connection = try PostgresConnection(conninfo)
      try connection.run("BEGIN")
      try connection.query("SELECT pg_advisory_xact_lock_shared(\(PostgresSchema.writeLock))")
      try connection.run("INSERT INTO jit_events (line) VALUES ($1)", [line])
      return connection
    }
    let running = try claimer()  // holds the next number
    let done = try claimer()
    try done.run("COMMIT")
    let stopped = try store.events(after: first.last)
    #expect(stopped.contents.events.isEmpty, "the later number is not read while the earlier may still come")
    #expect(stopped.last == first.last)
    try running.run("COMMIT")
    // (The lines are copies of one event: the reader keeps one of each event id, so the numbers
    // read are what is compared.)
    let both = try store.events(after: first.last)
    #expect(both.last == first.last + 2)

    let rolledBack = try claimer()
    try rolledBack.run("ROLLBACK")
    let after = try claimer()
    try after.run("COMMIT")
    let past = try store.events(after: both.last)
    #expect(past.last == both.last + 2, "a gap for good is read past when no write runs")
  }
}

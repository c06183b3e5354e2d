import JitApp
import JitCore
import Testing

/// The read models and calls every front end shares, over a real repository with and without the
/// index.
@Suite struct JitApplicationTests {
  @Test(arguments: [true, false])
  func issueDetailShowsWhatHoldsItBack(usesIndex: Bool) throws {
    let repo = try AppRepository(usesIndex: usesIndex)
    defer { withExtendedLifetime(repo) {} }
    let app = repo.application
    let first = try app.create(IssueRequest(title: "Design the schema"))
    let second = try app.create(IssueRequest(title: "Build the API", dependencies: [first.id.short]))
    let detail = try app.issueDetail(second.id.short)
    #expect(detail.issue.id == second.id)
    #expect(detail.issue.state == .backlog)
    #expect(detail.blockedBy.dependencies.map(\.id) == [first.id])
    #expect(detail.gatesBlockingDone.isEmpty)
    #expect(try app.issueDetail(first.id.rawValue).blockedBy.isEmpty)
  }

  @Test func aBadOrUnknownReferenceIsReported() throws {
    let repo = try AppRepository()
    defer { withExtendedLifetime(repo) {} }
    let app = repo.application
    let invalid = #expect(throws: JitError.self) { _ = try app.issueDetail("no!") }
    #expect(invalid?.code == .invalidID)
    let missing = #expect(throws: JitError.self) { _ = try app.claim("ZZZZZZ") }
    #expect(missing?.code == .issueNotFound)
  }

  @Test func gateKeysAreCheckedAtTheEdge() throws {
    let repo = try AppRepository()
    defer { withExtendedLifetime(repo) {} }
    let app = repo.application
    let issue = try app.create(IssueRequest(title: "t"))
    let bad = #expect(throws: JitError.self) { _ = try app.addGate(issue.id.short, "Bad Key") }
    #expect(bad?.code == .invalidGateKey)
    #expect(throws: JitError.self) { _ = try GateKey("") }
    #expect(try GateKey("unit-tests.v2").rawValue == "unit-tests.v2")
    let unknown = #expect(throws: JitError.self) { _ = try app.addGate(issue.id.short, "nope") }
    #expect(unknown?.code == .gateNotFound)
  }

  @Test func graphRootsTreeAndExport() throws {
    let repo = try AppRepository()
    defer { withExtendedLifetime(repo) {} }
    let app = repo.application
    let first = try app.create(IssueRequest(title: "first"))
    let second = try app.create(IssueRequest(title: "second", dependencies: [first.id.rawValue]))
    let roots = try app.roots()
    #expect(roots.map(\.row.id) == [first.id])
    #expect(roots.first?.dependents == 1)
    let upstream = try app.tree(second.id.short, .upstream)
    #expect(upstream.id == second.id)
    #expect(upstream.children.map(\.id) == [first.id])
    let downstream = try app.tree(first.id.short, .downstream, depth: 0)
    #expect(downstream.truncated)
    let export = try app.export(.dot)
    #expect(export.nodes == 2 && export.edges == 1)
    #expect(export.text.contains("digraph"))
    #expect(throws: JitError.self) { _ = try app.export(.mermaid, depth: 1) }
    #expect(throws: JitError.self) { _ = try app.tree(first.id.short, .upstream, depth: -1) }
  }

  @Test func statusAndQueriesCount() throws {
    let repo = try AppRepository()
    defer { withExtendedLifetime(repo) {} }
    let app = repo.application
    let first = try app.create(IssueRequest(title: "first", priority: .high))
    _ = try app.create(IssueRequest(title: "second", dependencies: [first.id.rawValue]))
    let status = try app.status()
    #expect(status.total == 2 && status.ready == 1 && status.blocked == 1)
    var ready: [IssueID] = []
    try app.query(.ready) { ready.append($0.id) }
    #expect(ready == [first.id])
    #expect(throws: JitError.self) { try app.query(.ready, limit: 0) { _ in } }
    let claimed = try app.claimNext(filter: "priority:high", to: "agent:a")
    #expect(claimed.assignee == Actor("agent:a"))
    #expect(try app.complete(claimed.id.short, by: "agent:a").issue.state == .done)
  }

  @Test func aFailedCheckEndsWithGateFailed() throws {
    let repo = try AppRepository()
    defer { withExtendedLifetime(repo) {} }
    let app = repo.application
    _ = try app.defineGate(
      GateSpec(key: "tests", title: "Tests", auto: true, command: "exit 1"), update: false)
    let issue = try app.create(IssueRequest(title: "t", gates: ["tests"]))
    let outcome = try app.check(issue.id.short, by: "ci:runner")
    #expect(outcome.report.results.map(\.result) == [.failed])
    #expect(outcome.failure?.code == .gateFailed)
    _ = try app.defineGate(GateSpec(key: "tests", command: "true"), update: true)
    #expect(try app.check(issue.id.short, by: "ci:runner").failure == nil)
  }

  @Test func ingestReadsTheArtifactOrSaysWhy() throws {
    let repo = try AppRepository()
    defer { withExtendedLifetime(repo) {} }
    let app = repo.application
    _ = try app.defineGate(GateSpec(key: "ci", title: "CI", auto: true), update: false)
    let issue = try app.create(IssueRequest(title: "t", gates: ["ci"]))
    let missing = #expect(throws: JitError.self) {
      _ = try app.ingest(issue.id.short, "ci", format: .json, path: "nope.json", by: "ci:runner")
    }
    #expect(missing?.code == .invalidArtifact)
    try repo.write(#"{"status": "failed", "message": "2 tests failed"}"#, to: "result.json")
    let failed = try app.ingest(issue.id.short, "ci", format: .json, path: "result.json", by: "ci:runner")
    #expect(failed.report.result == .failed)
    #expect(failed.report.evidence.artifact == "result.json")
    #expect(failed.failure?.code == .gateFailed)
  }

  @Test func eventSearchAndItsErrors() throws {
    let repo = try AppRepository()
    defer { withExtendedLifetime(repo) {} }
    let app = repo.application
    let issue = try app.create(IssueRequest(title: "t"))
    _ = try app.claim(issue.id.short, to: "agent:a")
    let claimed = try app.events(EventSearch(kinds: ["issue.claimed"]))
    #expect(claimed.events.map(\.issueID) == [issue.id])
    #expect(claimed.path == ".jit/events.jsonl")
    #expect(try app.events(EventSearch(issues: [issue.id.short], limit: 1)).events.count == 1)
    let byAgent = try app.events(EventSearch(actors: ["agent:a"])).events
    #expect(!byAgent.isEmpty && byAgent.allSatisfy { $0.actor == Actor("agent:a") })
    let unknown = #expect(throws: JitError.self) {
      _ = try app.events(EventSearch(kinds: ["issue.exploded"]))
    }
    #expect(unknown?.code == .invalidArgument)
    #expect(throws: JitError.self) { _ = try app.events(EventSearch(limit: -1)) }
  }

  @Test func validateReportsAndRepairs() throws {
    let repo = try AppRepository()
    defer { withExtendedLifetime(repo) {} }
    let outcome = try JitApplication.validate(repo.application.configuration, fix: false)
    #expect(outcome.failure == nil)
    #expect(outcome.report.isValid)
  }

  @Test func asyncCallsAnswerAsTheSyncOnesDo() async throws {
    let repo = try AppRepository()
    defer { withExtendedLifetime(repo) {} }
    let app = repo.application
    let issue = try app.create(IssueRequest(title: "t"))
    let status = try await app.status()
    #expect(status.ready == 1)
    #expect(try await app.query(.ready).map(\.id) == [issue.id])
    #expect(try await app.issueDetail(issue.id.short).issue.id == issue.id)
    // Many callers waiting at once do not starve the pool: each runs on a thread of its own.
    let claims = try await withThrowingTaskGroup(of: Bool.self) { group in
      for index in 0..<16 {
        group.addTask {
          do {
            _ = try await app.claim(issue.id.short, to: "agent:w\(index)")
            return true
          } catch let error as JitError where error.code == .alreadyAssigned {
            return false
          }
        }
      }
      return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
    }
    #expect(claims == 1)
  }
}

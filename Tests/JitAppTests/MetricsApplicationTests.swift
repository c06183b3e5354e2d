import Foundation
import JitApp
import JitCore
import Testing

/// The metrics the application computes: the index's gauges equal the files', and the counter
/// cache equals a count from scratch whatever happened to the log.
@Suite struct MetricsApplicationTests {
  /// A small project: a chain, a held-back issue, gates, a claim and a completion.
  func populate(_ app: JitApplication) throws {
    _ = try app.defineGate(GateSpec(key: "design", title: "Design", stage: .precheck), update: false)
    _ = try app.defineGate(GateSpec(key: "review", title: "Review", stage: .postcheck), update: false)
    let first = try app.create(IssueRequest(title: "first", priority: .high))
    _ = try app.create(IssueRequest(title: "second", dependencies: [first.id.short]))
    _ = try app.create(IssueRequest(title: "designed", gates: ["design"]))
    let reviewed = try app.create(IssueRequest(title: "reviewed", gates: ["review"]))
    _ = try app.create(IssueRequest(title: "lonely", priority: .low))
    _ = try app.claim(first.id.short, to: "agent:a")
    _ = try app.complete(first.id.short, by: "agent:a")
    _ = try app.claim(reviewed.id.short, to: "agent:b")
    _ = try app.complete(reviewed.id.short, by: "agent:b")
  }

  @Test func theIndexAnswersWhatTheFilesAnswer() throws {
    let indexed = try AppRepository(usesIndex: true)
    defer { withExtendedLifetime(indexed) {} }
    try populate(indexed.application)
    let plain = try JitApplication(
      JitConfiguration.fromEnvironment(
        workingDirectory: indexed.root, environment: ["JIT_ACTOR": "human:tester", "JIT_NO_INDEX": "1"]))
    let now = Timestamp(millisecondsSince1970: 4_000_000_000_000)
    let fromIndex = try indexed.application.store.read { try $0.metricGauges(now: now) }
    let fromFiles = try plain.store.read { try $0.metricGauges(now: now) }
    #expect(fromIndex == fromFiles)
    #expect(fromIndex.issuesByState["done"] == 1 && fromIndex.issuesByState["gated"] == 1)
    #expect(fromIndex.blocked >= 2 && fromIndex.blockedByDependency == 0 && fromIndex.blockedByGate >= 1)
    #expect(fromIndex.openGatesByStatus["pending"] == 2)
  }

  @Test func theCounterCacheFollowsAppendsAndRewrites() throws {
    let repo = try AppRepository()
    defer { withExtendedLifetime(repo) {} }
    let app = repo.application
    try populate(app)
    let log = app.layout.eventsFile
    let cache = app.layout.runDirectory + "/metrics/counters.json"
    func fromScratch() throws -> EventCounters {
      try? FileManager.default.removeItem(atPath: cache)
      return try app.metricsSnapshot().counters
    }
    let first = try app.metricsSnapshot().counters
    #expect(first.completions == 1 && first.claims == 2)
    #expect(FileManager.default.fileExists(atPath: cache))
    // Appended work is read incrementally, with the same result as a count from the top.
    _ = try app.create(IssueRequest(title: "later"))
    let incremental = try app.metricsSnapshot().counters
    #expect(incremental.eventsByKind["issue.created"] == (first.eventsByKind["issue.created"] ?? 0) + 1)
    #expect(incremental == (try fromScratch()))
    // A log replaced by other content of the same length (a checkout of another branch writes a
    // new file: another inode): everything is counted again.
    _ = try app.metricsSnapshot()
    var text = try String(contentsOfFile: log, encoding: .utf8)
    text = text.replacingOccurrences(of: "\"issue.claimed\"", with: "\"issue.claimxd\"")
    try text.write(toFile: log, atomically: true, encoding: .utf8)
    let rewritten = try app.metricsSnapshot().counters
    let rewrittenFromScratch = try fromScratch()
    #expect(rewritten.claims == 0 && rewritten == rewrittenFromScratch)
    // Rewritten in place (the same inode) at its end: the bytes before the offset differ.
    _ = try app.metricsSnapshot()
    let handle = try #require(FileHandle(forUpdatingAtPath: log))
    let size = try handle.seekToEnd()
    try handle.seek(toOffset: size - 30)
    try handle.write(contentsOf: Data(String(repeating: " ", count: 29).utf8))
    try handle.close()
    let edited = try app.metricsSnapshot().counters
    let editedFromScratch = try fromScratch()
    #expect(edited.malformedLines == 1 && edited == editedFromScratch)
    // A log replaced by a shorter one (another inode): counted again from the top.
    let lines = text.split(separator: "\n")
    try (lines.prefix(3).joined(separator: "\n") + "\n").write(toFile: log, atomically: true, encoding: .utf8)
    let shorter = try app.metricsSnapshot().counters
    #expect(shorter.eventsByKind.values.reduce(0, +) == 3)
    #expect(shorter == (try fromScratch()))
  }
}

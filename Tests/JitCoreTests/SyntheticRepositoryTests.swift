import Foundation
import JitCore
import JitTestSupport
import Testing

/// The benchmark's generator makes repositories whose states follow the rules.
@Suite struct SyntheticRepositoryTests {
  @Test func generatedStatesAreConsistentAndRealistic() throws {
    let directory = try TemporaryDirectory()
    let summary = try SyntheticRepository.generate(at: directory.path, count: 500, seed: 3)
    let layout = RepositoryLayout(jitDirectory: directory.path + "/.jit")
    let tracker = Tracker.onDisk(layout, clock: { Timestamp(millisecondsSince1970: 0) })
    let issues = try tracker.store.loadAll()
    #expect(issues.count == 500)
    #expect(issues.map(\.id) == summary.ids.sorted())
    let readiness = try tracker.read { try $0.readiness() }
    var done = 0
    for issue in issues {
      #expect(issue.dependencies.count <= 3)
      if issue.state.isDerived { #expect(try readiness.derivedState(issue) == issue.state, "\(issue.title)") }
      if issue.state == .done {
        done += 1
        #expect(try readiness.blockersToReady(issue).isEmpty)
      }
      #expect((issue.assignee != nil) == [.inProgress, .gated, .done].contains(issue.state))
    }
    #expect((150...260).contains(done), "about 40% done: \(done)")
    #expect(summary.states[.ready, default: 0] > 20)
    #expect(summary.states[.backlog, default: 0] > 50)
  }

  /// At 100,000 issues the generator once wrote 21 issues gated with only the (passed) design gate;
  /// seed 1 wrote one of them within 300 issues.
  @Test(arguments: [1, 29] as [UInt64]) func validateFindsNothingToFix(seed: UInt64) throws {
    let directory = try TemporaryDirectory()
    try SyntheticRepository.generate(at: directory.path, count: 300, seed: seed)
    let layout = RepositoryLayout(jitDirectory: directory.path + "/.jit")
    let findings = RepositoryValidator(layout: layout).validate()
    #expect(findings.issueCount == 300)
    #expect(findings.diagnostics.filter { $0.severity == .error }.map(\.message) == [], "seed \(seed)")
    let tracker = Tracker.onDisk(layout, clock: { Timestamp(millisecondsSince1970: 0) })
    let readiness = try tracker.read { try $0.readiness() }
    for issue in try tracker.store.loadAll() where issue.state == .gated {
      #expect(!readiness.blockersToDone(issue).isEmpty, "\(issue.title) is gated with every gate passed")
    }
  }

  @Test func aReadyPoolIsAllReady() throws {
    let directory = try TemporaryDirectory()
    let summary = try SyntheticRepository.generate(at: directory.path, count: 30, readyPool: true)
    #expect(summary.states == [.ready: 30])
  }
}

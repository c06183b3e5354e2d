import Foundation
import JitCore
import JitTestSupport
import Testing

@testable import JitIndex

/// The index gives the same answers as a plain scan of the files, issue for issue.
@Suite struct IndexEquivalenceTests {
  @Test(arguments: [UInt64(1), 7, 2024])
  func generatedRepositoriesAnswerTheSameWithAndWithoutTheIndex(seed: UInt64) throws {
    let repo = try TemporaryRepository()
    let summary = try SyntheticRepository.generate(at: repo.root, count: 300, seed: seed)
    #expect(IndexComparison.firstDifference(repo) == nil)
    // Mutations through jit keep the index in step.
    for step in 0..<12 {
      let id = summary.ids[(step * 37 + Int(seed)) % summary.ids.count].short
      switch step % 4 {
      case 0: repo.run("issue", "claim-next", "--to", "agent:worker-3")
      case 1: repo.run("issue", "create", "--title", "new \(step)", "--dep", id, "--priority", "high")
      case 2: repo.run("issue", "dep", "add", summary.ids.last?.short ?? id, "--on", id)
      default: repo.run("issue", "complete", id)
      }
      #expect(IndexComparison.firstDifference(repo) == nil, "after step \(step)")
    }
  }

  @Test func claimCandidatesShowAndEdgesMatchThePlainStore() throws {
    let repo = try TemporaryRepository()
    let summary = try SyntheticRepository.generate(at: repo.root, count: 250, seed: 99)
    let indexed = IndexedStore(layout: repo.layout, toolVersion: "test")
    let plain = JSONFileStore(layout: repo.layout)
    try indexed.read { indexed in
      try plain.read { plain in
        for filter in ["", "priority:high|critical", "priority:low", "state:backlog", "assignee:agent:x"] {
          let parsed = filter.isEmpty ? IssueFilter() : try IssueFilter(parsing: filter)
          #expect(try indexed.claimCandidates(parsed, limit: 50) == plain.claimCandidates(parsed, limit: 50))
        }
        for id in summary.ids.prefix(40) {
          #expect(try indexed.dependents(of: id) == plain.dependents(of: id))
          #expect(try indexed.dependencies(of: id) == plain.dependencies(of: id))
          #expect(try indexed.ids(endingWith: id.short) == plain.ids(endingWith: id.short))
        }
        #expect(try indexed.allIDs() == plain.allIDs())
        #expect(try indexed.edges() == plain.edges())
        #expect(try indexed.statusSummary() == plain.statusSummary())
      }
    }
    for id in summary.ids.prefix(40) {
      let shown = repo.run("issue", "show", id.short, "--json")
      #expect(shown.status == 0)
      #expect(
        shown.stdout
          == repo.run(["issue", "show", id.short, "--json"], environment: ["JIT_NO_INDEX": "1"]).stdout)
    }
  }

  @Test func claimNextTakesTheSameIssuesInTheSameOrder() throws {
    let indexedRepo = try TemporaryRepository()
    let plainRepo = try TemporaryRepository()
    try SyntheticRepository.generate(at: indexedRepo.root, count: 200, seed: 5)
    try SyntheticRepository.generate(at: plainRepo.root, count: 200, seed: 5)
    for _ in 0..<10 {
      let indexed = indexedRepo.run("issue", "claim-next", "--to", "agent:a", "--json")
      let plain = plainRepo.run(
        ["issue", "claim-next", "--to", "agent:a", "--json"], environment: ["JIT_NO_INDEX": "1"])
      #expect(indexed.status == plain.status)
      #expect(try indexed.object()["title"] as? String == plain.object()["title"] as? String)
    }
  }
}

import Foundation
import JitCore
import JitTestSupport
import Testing

@testable import JitIndex

/// The index built in one go (the first command after a clone) and refreshed after many files
/// changed holds the rows that writing the issues one by one would, whatever the edges look like.
@Suite struct IndexBuildTests {
  /// A generated repository edited by hand before its first index: edges to a later issue, to a
  /// missing one, to the issue itself, twice to one, and to an issue whose file does not parse.
  func oddRepository() throws -> (TemporaryRepository, [String]) {
    let repo = try TemporaryRepository()
    let ids = try SyntheticRepository.generate(at: repo.root, count: 150, seed: 11).ids.map(\.rawValue)
    try? FileManager.default.removeItem(atPath: repo.layout.cacheDirectory)
    try IndexComparison.edit(repo, ids[3], inPlace: false) {
      $0["dependencies"] = [ids[140], "01ARZ3NDEKTSV4RRFFQ69G5FAV", ids[3], ids[1], ids[1]]
      $0["state"] = "backlog"
    }
    try IndexComparison.edit(repo, ids[7], inPlace: false) {
      $0["dependencies"] = [ids[149]]
      $0["state"] = "in_progress"
      $0["assignee"] = "agent:worker-3"
    }
    try IndexComparison.edit(repo, ids[20], inPlace: false) { $0["dependencies"] = [ids[60]] }
    return (repo, ids)
  }

  @Test func aBuildFromScratchAnswersAsThePlainScan() throws {
    let (repo, ids) = try oddRepository()
    #expect(IndexComparison.firstDifference(repo) == nil)
    // The same after the cache is deleted with a file that does not parse, and once it is fixed.
    let broken = repo.layout.issuesDirectory + "/\(ids[60]).json"
    let saved = try Data(contentsOf: URL(fileURLWithPath: broken))
    try Data("{ not json".utf8).write(to: URL(fileURLWithPath: broken))
    try FileManager.default.removeItem(atPath: repo.layout.cacheDirectory)
    let blocked = repo.run("query", "blocked", "--json")
    #expect(blocked.status == 0)
    #expect(blocked.stderr.contains("skipped .jit/issues/\(ids[60]).json"))
    #expect(IndexComparison.firstDifference(repo) == nil)
    try saved.write(to: URL(fileURLWithPath: broken))
    #expect(IndexComparison.firstDifference(repo) == nil)
  }

  @Test func manyFilesChangedAtOnceAnswerAsThePlainScan() throws {
    let (repo, ids) = try oddRepository()
    #expect(IndexComparison.firstDifference(repo) == nil)
    // As a pull would: descriptions, titles and states (which dependents copy), priorities and
    // assignees (rows updated in place), a new edge, a removed file and a new one.
    for (index, id) in ids.enumerated() where index % 3 == 0 {
      try IndexComparison.edit(repo, id, inPlace: false) { object in
        switch index % 5 {
        case 0: object["description"] = "pulled \(index)"
        case 1: object["title"] = "pulled title \(index)"
        case 2: object["state"] = "done"
        case 3:
          object["priority"] = "critical"
          object["assignee"] = "agent:puller"
        default: object["dependencies"] = [ids[(index + 5) % ids.count]]
        }
      }
    }
    try FileManager.default.removeItem(atPath: repo.layout.issuesDirectory + "/\(ids[1]).json")
    _ = try repo.create("new after the pull", "--dep", String(ids[3].suffix(8)))
    #expect(IndexComparison.firstDifference(repo) == nil)
  }

  @Test func anInterruptedBuildIsNeverTrusted() throws {
    let (repo, _) = try oddRepository()
    #expect(IndexComparison.firstDifference(repo) == nil)
    do {
      // What a build killed half way leaves: its mark, rows that may be wrong.
      let database = try SQLiteDatabase(path: repo.layout.cacheDirectory + "/index.sqlite")
      try database.execute(
        "UPDATE meta SET dir_mtime = NULL, count = -1; UPDATE issues SET title = 'poisoned'")
    }
    #expect(!repo.run("query", "ready", "--json").stdout.contains("poisoned"))
    #expect(IndexComparison.firstDifference(repo) == nil)
  }

  @Test func idKeysSortAsIDs() throws {
    var generator = SeededGenerator(seed: 5)
    let ids = ULIDGenerator()
    var texts = (0..<200).map { _ in
      ids.next(at: Date(timeIntervalSince1970: Double(generator.below(1_000_000_000))))
    }
    texts.append("7ZZZZZZZZZZZZZZZZZZZZZZZZZ")
    texts.append("00000000000000000000000000")
    let keys = texts.compactMap(IDKey.init)
    #expect(keys.count == texts.count)
    #expect(keys.sorted().map { String(decoding: $0.bytes, as: UTF8.self) } == texts.sorted())
    #expect(IDKey("01arz3ndektsv4rrffq69g5fav") == IDKey("01ARZ3NDEKTSV4RRFFQ69G5FAV"))
    #expect(IDKey("01ARZ3NDEKTSV4RRFFQ69G5FAI") == nil)  // I is not a Crockford digit
    #expect(IDKey("01ARZ3NDEKTSV4RRFFQ69G5FA") == nil)
    #expect(IndexProgress.grouped(45_000) == "45,000")
    #expect(IndexProgress.grouped(100) == "100")
    #expect(IndexProgress.grouped(1_234_567) == "1,234,567")
  }
}

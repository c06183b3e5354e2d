import Foundation
import JitCore
import JitTestSupport
import Testing

@testable import JitIndex

/// The index notices every change made to the files from outside jit, and a missing, foreign or
/// corrupt index is rebuilt, never trusted.
@Suite struct IndexFreshnessTests {
  /// A repository with a few issues and the index built.
  func repository() throws -> (TemporaryRepository, [String]) {
    let repo = try TemporaryRepository()
    var ids: [String] = []
    for index in 0..<6 {
      ids.append(try repo.create("issue \(index)", "--priority", index % 2 == 0 ? "high" : "low"))
    }
    #expect(repo.run("issue", "dep", "add", ids[5], "--on", ids[4]).status == 0)
    #expect(IndexComparison.firstDifference(repo) == nil)
    #expect(FileManager.default.fileExists(atPath: repo.layout.cacheDirectory + "/index.sqlite"))
    return (repo, ids)
  }

  func readyTitles(_ repo: TemporaryRepository) throws -> [String] {
    try repo.run("query", "ready", "--json").array().compactMap { $0["title"] as? String }
  }

  @Test(arguments: [true, false])
  func handEditsAreNoticed(inPlace: Bool) throws {
    let (repo, ids) = try repository()
    try IndexComparison.edit(repo, ids[0], inPlace: inPlace) { $0["title"] = "edited by hand" }
    #expect(try readyTitles(repo).contains("edited by hand"))
    try IndexComparison.edit(repo, ids[2], inPlace: inPlace) {
      $0["state"] = "in_progress"
      $0["assignee"] = "agent:worker-3"
    }
    #expect(try !readyTitles(repo).contains("issue 2"))
    #expect(IndexComparison.firstDifference(repo) == nil)
  }

  @Test func filesAddedAndRemovedFromOutsideAreNoticed() throws {
    let (repo, ids) = try repository()
    let other = try TemporaryRepository()
    let added = try other.create("copied in", "--priority", "critical")
    try FileManager.default.copyItem(
      atPath: other.layout.issuesDirectory + "/\(added).json",
      toPath: repo.layout.issuesDirectory + "/\(added).json")
    try FileManager.default.removeItem(atPath: repo.layout.issuesDirectory + "/\(ids[1]).json")
    let titles = try readyTitles(repo)
    #expect(titles.first == "copied in")
    #expect(!titles.contains("issue 1"))
    #expect(repo.run("issue", "show", String(added.suffix(8))).status == 0)
    #expect(IndexComparison.firstDifference(repo) == nil)
  }

  @Test func aRealGitCheckoutIsNoticed() throws {
    let (repo, ids) = try repository()
    let git = "git -c user.email=t@example.com -c user.name=t -c commit.gpgsign=false"
    guard
      IndexComparison.shell("\(git) init -q . && \(git) add -A && \(git) commit -qm one", in: repo.root) == 0
    else {
      print("skipped: git is not available")
      return
    }
    #expect(repo.run("issue", "claim", ids[0], "--to", "agent:a").status == 0)
    _ = try repo.create("after the commit")
    #expect(IndexComparison.shell("\(git) add -A && \(git) commit -qm two", in: repo.root) == 0)
    #expect(try readyTitles(repo).contains("after the commit"))
    // Back to the first commit (detached), as switching branches would: the new issue disappears
    // and the claim is undone.
    #expect(IndexComparison.shell("\(git) tag two && \(git) checkout -q HEAD~1", in: repo.root) == 0)
    let titles = try readyTitles(repo)
    #expect(!titles.contains("after the commit"))
    #expect(titles.contains("issue 0"))
    #expect(IndexComparison.firstDifference(repo) == nil)
    // And forward again, as a pull would bring it.
    #expect(IndexComparison.shell("\(git) checkout -q two", in: repo.root) == 0)
    #expect(try readyTitles(repo).contains("after the commit"))
    #expect(IndexComparison.firstDifference(repo) == nil)
  }

  @Test func aDeletedCacheIsRebuilt() throws {
    let (repo, _) = try repository()
    let before = try readyTitles(repo)
    try FileManager.default.removeItem(atPath: repo.layout.cacheDirectory)
    #expect(try readyTitles(repo) == before)
    #expect(FileManager.default.fileExists(atPath: repo.layout.cacheDirectory + "/index.sqlite"))
  }

  @Test(arguments: ["UPDATE meta SET tool = 'another version'", "UPDATE meta SET schema = 999"])
  func aCacheFromAnotherVersionIsRebuilt(change: String) throws {
    let (repo, ids) = try repository()
    let path = repo.layout.cacheDirectory + "/index.sqlite"
    do {
      let database = try SQLiteDatabase(path: path)
      try database.execute(change)
      // Poison a row too: a trusted foreign index would answer with it.
      try database.execute("UPDATE issues SET title = 'poisoned'")
    }
    #expect(try !readyTitles(repo).contains("poisoned"))
    #expect(IndexComparison.firstDifference(repo) == nil)
    #expect(repo.run("issue", "show", String(ids[0].suffix(8))).status == 0)
  }

  @Test func aCorruptCacheFileIsRebuilt() throws {
    let (repo, _) = try repository()
    let path = repo.layout.cacheDirectory + "/index.sqlite"
    for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    try Data(repeating: 0x5A, count: 8192).write(to: URL(fileURLWithPath: path))
    #expect(try readyTitles(repo).count == 5)
    #expect(IndexComparison.firstDifference(repo) == nil)
  }

  @Test func aCorruptIssueFileIsPassedOverTheSameWayWithAndWithoutTheIndex() throws {
    let (repo, ids) = try repository()
    try Data("{ not json".utf8).write(
      to: URL(fileURLWithPath: repo.layout.issuesDirectory + "/\(ids[3]).json"))
    let indexed = repo.run("query", "ready", "--json")
    #expect(indexed.status == 0)
    #expect(indexed.stderr.contains("warning: skipped .jit/issues/\(ids[3]).json"))
    #expect(try !indexed.array().contains { ($0["id"] as? String) == ids[3] })
    let plain = repo.run(["query", "ready", "--json"], environment: ["JIT_NO_INDEX": "1"])
    #expect(indexed.stdout == plain.stdout)
    #expect(indexed.stderr == plain.stderr)
    // Fixed by hand: answers come back.
    try IndexComparison.edit(repo, ids[2], inPlace: true) { $0["title"] = "still fine" }
    let fixed = try JSONCoding.encodeFile(
      Issue(
        id: try IssueID(validating: ids[3]), title: "repaired", state: .ready,
        createdAt: Timestamp(millisecondsSince1970: 0)))
    try Data(fixed).write(to: URL(fileURLWithPath: repo.layout.issuesDirectory + "/\(ids[3]).json"))
    #expect(try readyTitles(repo).contains("repaired"))
    #expect(IndexComparison.firstDifference(repo) == nil)
  }
}

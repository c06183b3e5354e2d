import Foundation
import JitCore
import JitTestSupport
import Testing

/// `--limit` on lists and queries, and `issue list` answering as `query` does.
@Suite struct ListLimitTests {
  @Test func limitKeepsTheFirstRowsInWorkOrder() throws {
    let repo = try TemporaryRepository()
    try SyntheticRepository.generate(at: repo.root, count: 60, seed: 11)
    try repo.importWrittenFiles()
    for command in [["query", "ready"], ["query", "blocked"], ["issue", "list", "--state", "open"]] {
      let all = try repo.run(command + ["--json"]).array()
      let first = try repo.run(command + ["--json", "--limit", "3"]).array()
      #expect(all.count > 3, "\(command)")
      #expect(first.map { $0["id"] as? String } == all.prefix(3).map { $0["id"] as? String }, "\(command)")
      let text = repo.run(command + ["--limit", "2"])
      #expect(text.status == 0)
      #expect(text.stdout.split(separator: "\n").count == 3, "a header and two rows: \(text.stdout)")
    }
  }

  @Test(arguments: ["0", "-1", "many"])
  func aLimitBelowOneOrNotANumberIsAUsageError(_ value: String) throws {
    let repo = try TemporaryRepository()
    _ = try repo.create("one")
    for command in [["query", "ready"], ["issue", "list"]] {
      let result = repo.run(command + ["--limit=\(value)", "--json"])
      #expect(result.status == 2, "\(command) --limit=\(value): \(result.stdout) \(result.stderr)")
    }
  }

  @Test func issueListPrintsWhatQueryStatePrints() throws {
    let repo = try TemporaryRepository()
    try SyntheticRepository.generate(at: repo.root, count: 80, seed: 4)
    try repo.importWrittenFiles()
    let list = repo.run("issue", "list", "--state", "open", "--json")
    #expect(list.status == 0)
    #expect(list.stdout == repo.run("query", "state", "open", "--json").stdout)
    let plain = repo.run(["issue", "list", "--state", "open", "--json"], environment: ["JIT_NO_INDEX": "1"])
    #expect(plain.stdout == list.stdout)
    let filtered = ["issue", "list", "--priority", "high", "--assignee", "none", "--json"]
    #expect(repo.run(filtered).stdout == repo.run(filtered, environment: ["JIT_NO_INDEX": "1"]).stdout)
    #expect(
      try repo.run(filtered).array().allSatisfy {
        $0["priority"] as? String == "high" && ($0["assignee"] as? String) == nil
      })
  }
}

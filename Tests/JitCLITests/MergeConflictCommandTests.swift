import Foundation
import JitTestSupport
import Testing

/// A conflict `jit merge-file` recorded: reported by validate, shown by show, settled by update.
@Suite(.enabled(if: RepositoryStore.onFiles, "the file store's own files"))
struct MergeConflictCommandTests {
  func conflicted() throws -> (TemporaryRepository, String) {
    let repo = try TemporaryRepository()
    let id = try repo.create("Theirs", "--context", "epic=search")
    try repo.editIssue(id) {
      $0["merge_conflicts"] = [
        ["field": "title", "base": "Base", "ours": "Ours", "theirs": "Theirs", "kept": "theirs"],
        ["field": "context.epic", "base": NSNull(), "ours": "billing", "theirs": "search", "kept": "theirs"],
      ]
    }
    return (repo, id)
  }

  @Test func validateWarnsOfEachAndShowListsThem() throws {
    let (repo, id) = try conflicted()
    let report = repo.run("validate", "--json")
    #expect(report.status == 0, "a warning: \(report.stdout)")
    let diagnostics = try #require(try report.object()["diagnostics"] as? [[String: Any]])
    #expect(diagnostics.map { $0["code"] as? String } == ["MERGE_CONFLICT", "MERGE_CONFLICT"])
    #expect(diagnostics.allSatisfy { $0["severity"] as? String == "warning" && $0["id"] as? String == id })
    let fields = Set(diagnostics.compactMap { ($0["conflict"] as? [String: Any])?["field"] as? String })
    #expect(fields == ["title", "context.epic"])
    let text = repo.run("issue", "show", id)
    #expect(text.stdout.contains("Merge conflicts"))
    #expect(text.stdout.contains("title: ours \"Ours\", theirs \"Theirs\""))
    #expect(try repo.show(id)["merge_conflicts"] as? [[String: Any]] != nil)
  }

  @Test func settingAFieldOrResolvingItClearsItsConflict() throws {
    let (repo, id) = try conflicted()
    let wrong = repo.run("issue", "update", id, "--resolve", "priority", "--json")
    #expect(wrong.status == 2)
    #expect(wrong.errorCode == "INVALID_ARGUMENT")
    #expect(wrong.stderr.contains("title, context.epic"))

    #expect(repo.run("issue", "update", id, "--context", "epic=billing").status == 0)
    var left = try repo.show(id)["merge_conflicts"] as? [[String: Any]]
    #expect(left?.compactMap { $0["field"] as? String } == ["title"])
    // Settling keeps the value in force and is recorded.
    #expect(repo.run("issue", "update", id, "--resolve", "title").status == 0)
    left = try repo.show(id)["merge_conflicts"] as? [[String: Any]]
    #expect(left == nil)
    #expect(try repo.show(id)["title"] as? String == "Theirs")
    let last = try repo.events().last
    #expect(last?["resolved_conflicts"] as? [String] == ["title"])
    let report = repo.run("validate", "--json")
    #expect((try report.object()["diagnostics"] as? [[String: Any]])?.isEmpty == true)
  }
}

import Foundation
import JitTestSupport
import Testing

/// The issue commands, run in-process through the binary's own parser.
@Suite struct IssueCommandTests {
  @Test func commandsOutsideARepositoryExit3() throws {
    let repo = try TemporaryRepository(initialize: false)
    let result = repo.run("issue", "list", "--json")
    #expect(result.status == 3)
    #expect(result.errorCode == "NOT_INITIALIZED")
    #expect(result.stderr.contains("jit init"))
  }

  @Test(.enabled(if: RepositoryStore.onFiles)) func initIsIdempotentAndWritesTheLayout() throws {
    let repo = try TemporaryRepository()
    let gates = repo.layout.gatesFile
    try Data("{\"x\":{\"key\":\"x\",\"title\":\"X\"}}\n".utf8).write(to: URL(fileURLWithPath: gates))
    let again = repo.run("init", "--json")
    #expect(again.status == 0)
    #expect(try again.object()["created"] as? [String] == [])
    #expect(try String(contentsOfFile: gates, encoding: .utf8).contains("\"x\""))
    let attributes = try String(contentsOfFile: repo.layout.gitattributesFile, encoding: .utf8)
    #expect(attributes.contains("events.jsonl merge=union"))
    // The root's .gitattributes names the merge driver once, however often init runs.
    let rootAttributes = try String(contentsOfFile: repo.root + "/.gitattributes", encoding: .utf8)
    #expect(rootAttributes.components(separatedBy: ".jit/issues/*.json merge=jit").count == 2)
    #expect(rootAttributes.components(separatedBy: ".jit/gates.json merge=jit").count == 2)
    let ignore = try String(contentsOfFile: repo.layout.gitignoreFile, encoding: .utf8)
    #expect(ignore.contains("cache/"))
  }

  @Test func repositoryIsFoundFromASubdirectoryAndWithRepo() throws {
    let repo = try TemporaryRepository()
    let id = try repo.create("found")
    let sub = repo.root + "/a/b"
    try FileManager.default.createDirectory(atPath: sub, withIntermediateDirectories: true)
    #expect(repo.run("issue", "show", id, in: sub).status == 0)
    let elsewhere = try TemporaryDirectory()
    #expect(repo.run("issue", "show", id, "--repo", repo.root, in: elsewhere.path).status == 0)
    #expect(
      repo.run("issue", "show", id, in: elsewhere.path, environment: ["JIT_DIR": repo.root]).status == 0)
  }

  @Test func createStoresEveryFieldAndShowExplainsBlockers() throws {
    let repo = try TemporaryRepository()
    let first = try repo.create("first")
    let second = try repo.create(
      "second", "--desc", "details", "--priority", "critical", "--dep", String(first.suffix(6)), "--context",
      "epic=auth")
    let shown = try repo.show(second)
    #expect(shown["title"] as? String == "second")
    #expect(shown["description"] as? String == "details")
    #expect(shown["priority"] as? String == "critical")
    #expect(shown["state"] as? String == "backlog")
    #expect(shown["assignee"] is NSNull)
    #expect(shown["dependencies"] as? [String] == [first])
    #expect((shown["context"] as? [String: String])?["epic"] == "auth")
    #expect(shown["short_id"] as? String == String(second.suffix(8)))
    #expect(shown["blocked"] as? Bool == true)
    let blockers = try #require((shown["blocked_by"] as? [String: Any])?["dependencies"] as? [[String: Any]])
    #expect(blockers.first?["id"] as? String == first)
    #expect(blockers.first?["state"] as? String == "ready")
    for key in ["gates_required", "gates_status", "created_at", "updated_at"] { #expect(shown[key] != nil) }
  }

  @Test func listFiltersAndOrders() throws {
    let repo = try TemporaryRepository()
    _ = try repo.create("low", "--priority", "low")
    _ = try repo.create("high", "--priority", "high")
    let listed = try repo.run("issue", "list", "--json").array().map { $0["title"] as? String }
    #expect(listed == ["high", "low"])
    #expect(try repo.run("issue", "list", "--priority", "low", "--json").array().count == 1)
    #expect(try repo.run("issue", "list", "--state", "done", "--json").array().isEmpty)
    #expect(repo.run("issue", "list", "--state", "bogus").status == 2)
    let table = repo.run("issue", "list").stdout
    #expect(table.hasPrefix("ID"))
    #expect(table.contains("high"))
  }

  @Test func cycleIsRefusedWithExit4AndNothingChanges() throws {
    let repo = try TemporaryRepository()
    let a = try repo.create("a")
    let b = try repo.create("b", "--dep", a)
    let c = try repo.create("c", "--dep", b)
    let before = try repo.snapshot()
    let result = repo.run("issue", "dep", "add", a, "--on", c, "--json")
    #expect(result.status == 4)
    #expect(result.errorCode == "CYCLE_DETECTED")
    let details = try #require((try result.object()["error"] as? [String: Any])?["details"] as? [String: Any])
    #expect(details["cycle"] as? [String] == [a, c, b, a])
    #expect(result.stderr.contains(" -> "))
    #expect(try repo.snapshot() == before)
  }

  @Test(arguments: [
    (["issue", "show", "../../etc/passwd"], Int32(2), "INVALID_ID"),
    (["issue", "show", "ZZZZZZZZ"], Int32(3), "ISSUE_NOT_FOUND"),
    (["issue", "create", "--title", "x", "--by", "no body"], Int32(2), "INVALID_ACTOR"),
    (["issue", "create", "--title", "   "], Int32(2), "INVALID_ARGUMENT"),
    (["issue", "create", "--title", "x", "--priority", "urgent"], Int32(2), "INVALID_ARGUMENT"),
    (["issue", "create", "--title", "x", "--gate", "nope"], Int32(3), "GATE_NOT_FOUND"),
    (["issue", "claim-next", "--filter", "colour:red", "--to", "agent:a"], Int32(2), "INVALID_FILTER"),
    (["issue", "claim-next", "--to", "agent:a"], Int32(3), "NO_READY_ISSUE"),
    (["issue", "frobnicate"], Int32(2), "INVALID_ARGUMENT"),
    (["issue", "create", "--title", "x", "--context", "novalue"], Int32(2), "INVALID_ARGUMENT"),
    (["issue", "create", "--title", "x", "--dep", "ZZZZZZZZ"], Int32(3), "ISSUE_NOT_FOUND"),
    (["issue", "claim", "ZZZZZZZZ", "--to", "agent:a"], Int32(3), "ISSUE_NOT_FOUND"),
    (["issue", "claim-next", "--to", "bob:"], Int32(2), "INVALID_ACTOR"),
    (["issue", "update", "ZZZZZZZZ", "--title", "t"], Int32(3), "ISSUE_NOT_FOUND"),
  ])
  func badInputGetsAStableCodeAndChangesNothing(_ arguments: [String], _ status: Int32, _ code: String) throws
  {
    let repo = try TemporaryRepository()
    let before = try repo.snapshot()
    let result = repo.run(arguments + ["--json"])
    #expect(result.status == status)
    #expect(result.errorCode == code)
    #expect(!result.stderr.isEmpty)
    #expect(try repo.snapshot() == before)
  }

  @Test(.enabled(if: RepositoryStore.onFiles)) func ambiguousSuffixListsTheCandidates() throws {
    let repo = try TemporaryRepository()
    let id = try repo.create("original")
    // A second issue whose id shares the last 8 characters (as a hand-made or merged file might).
    let twin = "01ZZZZZZZZZZZZZZZZ" + id.suffix(8)
    let text = try String(contentsOfFile: repo.layout.issuesDirectory + "/\(id).json", encoding: .utf8)
    try text.replacingOccurrences(of: id, with: twin)
      .write(toFile: repo.layout.issuesDirectory + "/\(twin).json", atomically: true, encoding: .utf8)
    let result = repo.run("issue", "show", String(id.suffix(6)).lowercased(), "--json")
    #expect(result.status == 2)
    #expect(result.errorCode == "AMBIGUOUS_ID")
    let details = try #require((try result.object()["error"] as? [String: Any])?["details"] as? [String: Any])
    #expect(Set(details["candidates"] as? [String] ?? []) == [id, twin])
    #expect(repo.run("issue", "show", "zz" + String(id.suffix(8))).status == 0)
  }

  @Test(.enabled(if: RepositoryStore.onFiles)) func corruptIssueFileIsReportedWithItsPath() throws {
    let repo = try TemporaryRepository()
    let id = try repo.create("x")
    try Data("{ not json".utf8).write(to: URL(fileURLWithPath: repo.layout.issuesDirectory + "/\(id).json"))
    let result = repo.run("issue", "show", id, "--json")
    #expect(result.status == 1)
    #expect(result.errorCode == "CORRUPT_FILE")
    #expect(result.stderr.contains(".jit/issues/\(id).json"))
  }

  @Test func fullWorkflowIsInTheEventLog() throws {
    let repo = try TemporaryRepository()
    let a = try repo.create("a")
    let b = try repo.create("b", "--dep", a)
    #expect(repo.run("issue", "claim", a, "--to", "agent:one").status == 0)
    #expect(repo.run("issue", "unassign", a).status == 0)
    #expect(repo.run("issue", "claim-next", "--to", "agent:two").status == 0)
    #expect(repo.run("issue", "complete", a).status == 0)
    #expect(try repo.state(b) == "ready")
    #expect(repo.run("issue", "claim", b, "--to", "agent:two").status == 0)
    #expect(repo.run("issue", "complete", b).status == 0)
    let kinds = try repo.events().map { $0["event"] as? String ?? "" }
    for kind in [
      "issue.created", "dep.added", "issue.claimed", "issue.unassigned", "issue.completed",
      "issue.state_changed",
    ] {
      #expect(kinds.contains(kind) || (kind == "dep.added"), "missing \(kind)")
    }
    let ids = try repo.events().compactMap { $0["event_id"] as? String }
    #expect(Set(ids).count == ids.count)
  }

  @Test func helpExplainsAndExitsZero() throws {
    let repo = try TemporaryRepository()
    let result = repo.run("issue", "claim-next", "--help")
    #expect(result.status == 0)
    #expect(result.stdout.contains("priority:high|critical"))
  }
}

/// Archiving tells who it leaves blocked, and unarchiving finished work restores it.
@Suite struct ArchiveCommandTests {
  @Test func archivingADoneIssueNamesTheDependentsItBlocksAndUnarchivingFreesThem() throws {
    let repo = try TemporaryRepository()
    let schema = try repo.create("schema")
    let api = try repo.create("api", "--dep", schema)
    let docs = try repo.create("docs", "--dep", schema)
    #expect(repo.run("issue", "claim", schema, "--to", "agent:a").status == 0)
    #expect(repo.run("issue", "complete", schema, "--by", "agent:a").status == 0)
    #expect(try repo.state(api) == "ready")
    let archived = try repo.run("issue", "archive", schema, "--json").object()
    #expect(archived["state"] as? String == "archived")
    #expect(archived["archived_from"] as? String == "done")
    #expect(archived["blocked_dependents"] as? [String] == [api, docs].sorted())
    #expect(try repo.state(api) == "backlog")
    let text = repo.run("issue", "archive", schema)
    #expect(text.stdout.contains("2 open issues depend on it"))
    let back = try repo.run("issue", "unarchive", schema, "--json").object()
    #expect(back["state"] as? String == "done")
    #expect(back["archived_from"] == nil)
    #expect(try repo.state(api) == "ready")
    #expect(try repo.state(docs) == "ready")
  }
}

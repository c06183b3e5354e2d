import Foundation
import JitTestSupport
import Testing

/// `jit import beads|github`: samples written from the documented formats (beads' JSONL export,
/// `gh issue list --json number,title,body,labels,assignees,state`).
@Suite struct ImportCommandTests {
  static let beads = """
    {"id":"bd-1","title":"Design the schema","description":"tables","status":"closed","priority":0,"issue_type":"task","labels":["db"]}
    {"id":"bd-2","title":"Build the API","status":"in_progress","priority":1,"assignee":"claude","dependencies":[{"issue_id":"bd-2","depends_on_id":"bd-1","type":"blocks"}]}
    {"id":"bd-3","title":"Write the docs","status":"open","priority":4,"dependencies":[{"issue_id":"bd-3","depends_on_id":"bd-2","type":"blocks"},{"issue_id":"bd-3","depends_on_id":"bd-1","type":"related"}]}
    """

  static let github = """
    [{"assignees":[{"id":"U1","login":"octocat","name":"Mona"}],"body":"Depends on #2.","labels":[{"id":"L1","name":"priority: high","description":"","color":"ff0000"}],"number":1,"state":"OPEN","title":"Ship login"},
     {"assignees":[],"body":"","labels":[],"number":2,"state":"CLOSED","title":"Sessions"},
     {"assignees":[],"body":"blocked by #1","labels":[],"number":3,"state":"OPEN","title":"Logout"}]
    """

  @Test func beadsIssuesArriveWithPrioritiesDependenciesAssigneesAndTheirIds() throws {
    let repo = try TemporaryRepository()
    let file = try repo.write(Self.beads, as: "beads.jsonl")
    let dry = try repo.run("import", "beads", file, "--dry-run", "--json").object()
    #expect(dry["count"] as? Int == 3)
    #expect(try repo.run("issue", "list", "--json").array().isEmpty, "a dry run writes nothing")

    let answer = try repo.run("import", "beads", file, "--json").object()
    let entries = try #require(answer["issues"] as? [[String: Any]])
    let ids = Dictionary(
      uniqueKeysWithValues: entries.map { ($0["key"] as? String ?? "", $0["id"] as? String ?? "") })
    let schema = try repo.show(try #require(ids["bd-1"]))
    #expect(schema["state"] as? String == "done")
    #expect(schema["priority"] as? String == "critical")
    #expect((schema["context"] as? [String: String])?["imported_from"] == "beads:bd-1")
    #expect((schema["context"] as? [String: String])?["labels"] == "db")
    let api = try repo.show(try #require(ids["bd-2"]))
    #expect(api["priority"] as? String == "high")
    #expect(api["assignee"] as? String == "agent:claude")
    #expect(api["dependencies"] as? [String] == [ids["bd-1"] ?? "?"])
    let docs = try repo.show(try #require(ids["bd-3"]))
    #expect(docs["priority"] as? String == "low")
    #expect(docs["dependencies"] as? [String] == [ids["bd-2"] ?? "?"], "only blocks edges are dependencies")
    #expect(docs["state"] as? String == "backlog")
    #expect(repo.run("validate").status == 0)
  }

  @Test func githubIssuesKeepTheirNumbersAndBodyDependencies() throws {
    let repo = try TemporaryRepository()
    let file = try repo.write(Self.github, as: "gh.json")
    let result = repo.run("import", "github", file, "--json")
    #expect(result.status == 0, "\(result.stderr)")
    let entries = try #require(try result.object()["issues"] as? [[String: Any]])
    #expect(entries.compactMap { $0["key"] as? String } == ["#2", "#1", "#3"], "dependencies first")
    let ids = Dictionary(
      uniqueKeysWithValues: entries.map { ($0["key"] as? String ?? "", $0["id"] as? String ?? "") })
    let login = try repo.show(try #require(ids["#1"]))
    #expect(login["assignee"] as? String == "human:octocat")
    #expect(login["priority"] as? String == "high")
    #expect(login["state"] as? String == "ready", "its dependency #2 is closed: done")
    #expect((login["context"] as? [String: String])?["imported_from"] == "github:#1")
    #expect(try repo.show(try #require(ids["#3"]))["dependencies"] as? [String] == [ids["#1"] ?? "?"])
  }

  @Test(arguments: [
    (
      "{\"id\":\"a\",\"title\":\"A\",\"dependencies\":[{\"depends_on_id\":\"b\",\"type\":\"blocks\"}]}\n"
        + "{\"id\":\"b\",\"title\":\"B\",\"dependencies\":[{\"depends_on_id\":\"a\",\"type\":\"blocks\"}]}",
      "CYCLE_DETECTED"
    ),
    (
      "{\"id\":\"a\",\"title\":\"A\",\"dependencies\":[{\"depends_on_id\":\"zz\",\"type\":\"blocks\"}]}",
      "UNKNOWN_REFERENCE"
    ),
    ("{\"id\":\"a\",\"title\":\"A\"}\n{\"id\":\"a\",\"title\":\"again\"}", "INVALID_IMPORT"),
    ("{\"id\":\"a\",\"title\":\"A\"}\nnot json", "INVALID_IMPORT"),
    ("{\"id\":\"a\",\"title\":\"\"}", "INVALID_IMPORT"),
    ("{\"id\":\"a\",\"title\":\"A\",\"priority\":9}", "INVALID_IMPORT"),
  ])
  func aBadExportIsRefusedWholeWithAStableCode(_ text: String, _ code: String) throws {
    let repo = try TemporaryRepository()
    _ = try repo.create("already here")
    let file = try repo.write("{\"id\":\"ok\",\"title\":\"fine\"}\n" + text, as: "bad.jsonl")
    let before = try repo.snapshot()
    for dry in [false, true] {
      let result = repo.run(["import", "beads", file, "--json"] + (dry ? ["--dry-run"] : []))
      #expect(result.status != 0)
      #expect(result.errorCode == code, "\(result.stdout)")
    }
    #expect(try repo.snapshot() == before, "all or nothing")
  }

  @Test func theCycleIsNamedAndAnUnknownFormatOrFileIsRefused() throws {
    let repo = try TemporaryRepository()
    let cycle =
      "[{\"number\":1,\"title\":\"A\",\"body\":\"depends on #2\"},{\"number\":2,\"title\":\"B\",\"body\":\"depends on #1\"}]"
    let file = try repo.write(cycle, as: "gh.json")
    let result = repo.run("import", "github", file, "--json")
    #expect(result.errorCode == "CYCLE_DETECTED")
    let details = (try result.object()["error"] as? [String: Any])?["details"] as? [String: Any]
    #expect(details?["cycle"] as? [String] == ["#1", "#2", "#1"])
    #expect(repo.run("import", "jira", file, "--json").errorCode == "INVALID_ARGUMENT")
    #expect(repo.run("import", "github", repo.root + "/missing.json", "--json").errorCode == "INVALID_IMPORT")
  }
}

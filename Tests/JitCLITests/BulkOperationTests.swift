import Foundation
import JitTestSupport
import Testing

/// issue 14's bulk operations: `issue create --from`, `issue update --where`, `issue archive
/// --where` and `jit batch`: one write each, all of it or none.
@Suite struct BulkOperationTests {
  @Test func aPlanIsCreatedWithLocalNamesResolvedDependenciesFirst() throws {
    let repo = try TemporaryRepository()
    let existing = try repo.create("Existing work")
    let plan = """
      {"issues": [
        {"name": "api", "title": "Build the API", "priority": "high", "dependencies": ["schema"]},
        {"name": "schema", "title": "Design the schema", "dependencies": ["\(existing)"],
         "context": {"epic": "auth"}},
        {"title": "Write the docs", "dependencies": ["api"]}
      ]}
      """
    let file = try repo.write(plan, as: "plan.json")
    let dry = try repo.run("issue", "create", "--from", file, "--dry-run", "--json").object()
    #expect(dry["dry_run"] as? Bool == true)
    #expect(dry["count"] as? Int == 3)
    #expect(try repo.run("issue", "list", "--json").array().count == 1, "a dry run keeps nothing")

    let before = try repo.events().count
    let answer = try repo.run("issue", "create", "--from", file, "--json").object()
    let issues = try #require(answer["issues"] as? [[String: Any]])
    #expect(issues.map { $0["name"] as? String } == ["api", "schema", nil], "in the plan's order")
    let ids = issues.compactMap { $0["id"] as? String }
    #expect(ids.count == 3)
    let api = try repo.show(ids[0])
    #expect(api["priority"] as? String == "high")
    #expect(api["dependencies"] as? [String] == [ids[1]])
    let schema = try repo.show(ids[1])
    #expect(schema["dependencies"] as? [String] == [existing])
    #expect((schema["context"] as? [String: String])?["epic"] == "auth")
    #expect(try repo.show(ids[2])["dependencies"] as? [String] == [ids[0]])
    let created = try repo.events().dropFirst(before).compactMap { $0["event"] as? String }
    #expect(created == ["issue.created", "issue.created", "issue.created"])
    #expect(repo.run("validate").status == 0)
  }

  @Test func aBadPlanIsRefusedWholeAndLeavesNothingBehind() throws {
    let repo = try TemporaryRepository()
    _ = try repo.create("Existing work")
    let snapshot = try repo.snapshot()
    let cases: [(String, String, Int32)] = [
      (
        #"[{"name":"a","title":"A","dependencies":["b"]},{"name":"b","title":"B","dependencies":["a"]}]"#,
        "CYCLE_DETECTED", 4
      ),
      (#"[{"title":"A"},{"title":"B","deps":["a"]}]"#, "INVALID_PLAN", 2),
      (#"[{"title":"A"},{"title":"B","dependencies":["ZZZZZZ"]}]"#, "ISSUE_NOT_FOUND", 3),
      (#"[{"title":"A"},{"title":"B","gates":["no-such-gate"]}]"#, "GATE_NOT_FOUND", 3),
      (#"[{"name":"a","title":"A"},{"name":"a","title":"B"}]"#, "INVALID_PLAN", 2),
      (#"[{"title":""}]"#, "INVALID_ARGUMENT", 2),
      (#"{"tasks": []}"#, "INVALID_PLAN", 2),
      ("[]", "INVALID_PLAN", 2),
      ("  \n", "INVALID_PLAN", 2),
      ("not json", "INVALID_PLAN", 2),
    ]
    for (index, (text, code, status)) in cases.enumerated() {
      let file = try repo.write(text, as: "plan\(index).json")
      let result = repo.run("issue", "create", "--from", file, "--json")
      #expect(result.status == status, "\(text): \(result.stdout)")
      let error = try result.object()["error"] as? [String: Any]
      #expect(error?["code"] as? String == code, "\(text)")
    }
    #expect(try repo.snapshot() == snapshot, "no refused plan wrote anything")
    let mixed = repo.run("issue", "create", "--from", "x.json", "--title", "T")
    #expect(mixed.status == 2)
    #expect(repo.run("issue", "create", "--from", "missing.json").status == 2)
    let directory = repo.run("issue", "create", "--from", repo.root, "--json")
    #expect(directory.status == 2 && directory.errorCode == "INVALID_PLAN", "a directory is no plan")
  }

  @Test func aPlanMayDefineTheGatesItsIssuesRequireButOnlyAPersonMay() throws {
    let plan = """
      {"gates": [{"key": "tests", "title": "Tests pass", "auto": true, "command": "true"}],
       "issues": [{"name": "a", "title": "Gated work", "gates": ["tests"]}]}
      """
    let agent = try TemporaryRepository(actor: "agent:planner")
    let snapshot = try agent.snapshot()
    let refused = agent.run(
      "issue", "create", "--from", try agent.write(plan, as: "plan.json"), "--json")
    #expect(refused.status == 4)
    #expect(refused.errorCode == "REGISTRY_CHANGE_REQUIRES_HUMAN")
    #expect(try agent.snapshot() == snapshot, "neither the gate nor the issue was kept")

    let person = try TemporaryRepository()
    let answer = try person.run(
      "issue", "create", "--from", try person.write(plan, as: "plan.json"), "--json"
    )
    .object()
    let id = try #require((answer["issues"] as? [[String: Any]])?.first?["id"] as? String)
    #expect(try person.show(id)["gates_required"] as? [String] == ["tests"])
    #expect(person.run("gate", "show", "tests").status == 0)
  }

  @Test func updateWhereChangesEveryMatchWithOneEventEachAndADryRunKeepsNothing() throws {
    let repo = try TemporaryRepository()
    let low = try repo.create("One", "--priority", "low")
    let other = try repo.create("Two", "--priority", "low", "--context", "epic=auth")
    let high = try repo.create("Three", "--priority", "high")
    let snapshot = try repo.snapshot()
    let dry = try repo.run(
      "issue", "update", "--where", "priority:low", "--set", "priority=critical", "--set",
      "context.epic=auth",
      "--dry-run", "--json"
    ).object()
    #expect(dry["matched"] as? Int == 2)
    #expect((dry["changed"] as? [[String: Any]])?.count == 2)
    #expect(try repo.snapshot() == snapshot, "a dry run keeps nothing")

    let before = try repo.events().count
    let answer = try repo.run(
      "issue", "update", "--where", "priority:low", "--set", "context.epic=auth", "--json"
    ).object()
    #expect(answer["matched"] as? Int == 2)
    let changed = try #require(answer["changed"] as? [[String: Any]])
    #expect(changed.compactMap { $0["id"] as? String } == [low])
    let changes = changed.first?["changes"] as? [String: [String: Any]]
    #expect(changes?["context.epic"]?["to"] as? String == "auth")
    #expect(changes?["context.epic"]?["from"] is NSNull)
    #expect(answer["unchanged"] as? [String] == [other], "already so: no event")
    let events = try repo.events().dropFirst(before)
    #expect(events.count == 1)
    #expect(events.first?["id"] as? String == low)
    #expect((try repo.show(high)["context"] as? [String: String])?["epic"] == nil)

    for bad in [["--set", "state=done"], ["--set", "priority"], ["--set", "priority=urgent"], []] {
      let result = repo.run(["issue", "update", "--where", "priority:low"] + bad + ["--json"])
      #expect(result.status == 2, "\(bad)")
    }
    #expect(repo.run("issue", "update", "--where", "colour:red", "--set", "priority=low").status == 2)
    #expect(repo.run("issue", "update", low, "--where", "priority:low", "--set", "priority=low").status == 2)
    #expect(repo.run("issue", "update", "--set", "priority=low").status == 2)
    #expect(try repo.show(low)["priority"] as? String == "low")
    #expect(repo.run("issue", "update", high, "--set", "title=Renamed").status == 0, "--set with an id")
    #expect(try repo.show(high)["title"] as? String == "Renamed")
  }

  @Test func archiveWhereArchivesTheMatchesAndNamesWhatStaysBlocked() throws {
    let repo = try TemporaryRepository()
    let old = try repo.create("Old", "--priority", "low")
    let older = try repo.create("Older", "--priority", "low")
    let waiting = try repo.create("Waiting", "--dep", old)
    let answer = try repo.run("issue", "archive", "--where", "priority:low", "--json").object()
    #expect(answer["matched"] as? Int == 2)
    #expect(
      (answer["changed"] as? [[String: Any]])?.compactMap { $0["id"] as? String }.sorted()
        == [old, older].sorted())
    #expect(answer["blocked_dependents"] as? [String] == [waiting])
    #expect(try repo.state(old) == "archived")
    #expect(try repo.state(waiting) == "backlog")
    let again = try repo.run("issue", "archive", "--where", "priority:low", "--json").object()
    #expect((again["unchanged"] as? [String])?.count == 2)
    #expect(repo.run("issue", "archive", "--dry-run", old).status == 2, "--dry-run goes with --where")
  }

  @Test func aBatchAppliesEveryOperationInOrderOrNone() throws {
    let repo = try TemporaryRepository()
    let existing = try repo.create("Existing")
    let ops = """
      {"op": "create", "name": "t1", "title": "Task one", "priority": "high"}
      {"op": "create", "name": "t2", "title": "Task two", "dependencies": ["t1"]}

      {"op": "update", "id": "t2", "priority": "low", "context": {"epic": "x"}}
      {"op": "claim", "id": "t1", "to": "agent:w1"}
      {"op": "dep_add", "id": "\(existing)", "on": ["t2"]}
      """
    let file = try repo.write(ops, as: "ops.jsonl")
    let answer = try repo.run("batch", file, "--json").object()
    let results = try #require(answer["results"] as? [[String: Any]])
    #expect(results.compactMap { $0["line"] as? Int } == [1, 2, 4, 5, 6])
    #expect(results.compactMap { $0["op"] as? String } == ["create", "create", "update", "claim", "dep_add"])
    let t1 = try #require(results[0]["id"] as? String)
    let t2 = try #require(results[1]["id"] as? String)
    #expect(try repo.show(t2)["dependencies"] as? [String] == [t1])
    #expect(try repo.show(t2)["priority"] as? String == "low")
    #expect(try repo.show(t1)["assignee"] as? String == "agent:w1")
    #expect(try repo.state(t1) == "in_progress")
    #expect(try repo.show(existing)["dependencies"] as? [String] == [t2])
    #expect(try repo.state(existing) == "backlog", "its new dependency is not done")

    // A failure at the last line keeps nothing of the lines before it.
    let snapshot = try repo.snapshot()
    let failing = """
      {"op": "create", "name": "c1", "title": "C1"}
      {"op": "create", "name": "c2", "title": "C2", "dependencies": ["c1"]}
      {"op": "dep_add", "id": "c1", "on": ["c2"]}
      """
    let result = repo.run("batch", try repo.write(failing, as: "cycle.jsonl"), "--json")
    #expect(result.status == 4)
    let error = try result.object()["error"] as? [String: Any]
    #expect(error?["code"] as? String == "CYCLE_DETECTED")
    #expect((error?["details"] as? [String: Any])?["line"] as? Int == 3)
    #expect(try repo.snapshot() == snapshot)

    // Each operation sees the edges the ones before it staged.
    let dependent = """
      {"op": "create", "name": "d1", "title": "D1"}
      {"op": "create", "name": "d2", "title": "D2", "dependencies": ["d1"]}
      {"op": "delete", "id": "d1"}
      """
    let held = repo.run("batch", try repo.write(dependent, as: "dependent.jsonl"), "--json")
    #expect(held.status == 4)
    #expect((try held.object()["error"] as? [String: Any])?["code"] as? String == "HAS_DEPENDENTS")
    #expect(try repo.snapshot() == snapshot)

    let selfDependent = repo.run(
      "batch",
      try repo.write(#"{"op":"create","name":"q","title":"Q","dependencies":["q"]}"#, as: "self.jsonl"),
      "--json")
    #expect(selfDependent.errorCode == "SELF_DEPENDENCY")
    let nothing = repo.run(
      "batch", try repo.write(#"{"op":"update","id":"\#(t1)"}"#, as: "none.jsonl"), "--json")
    #expect(nothing.status == 2 && nothing.errorCode == "INVALID_PLAN", "an update that changes nothing")
    #expect(try repo.snapshot() == snapshot)

    for (text, line) in [
      (#"{"op":"frob","id":"x"}"#, 1), ("{\"op\":\"create\",\"title\":\"A\"}\nnope", 2),
      (#"{"op":"update","title":"no id"}"#, 1), (#"{"op":"create","title":"A","colour":1}"#, 1),
    ] {
      let bad = repo.run("batch", try repo.write(text, as: "bad.jsonl"), "--json")
      #expect(bad.status == 2, "\(text)")
      let details = (try bad.object()["error"] as? [String: Any])?["details"] as? [String: Any]
      #expect(details?["line"] as? Int == line, "\(text)")
    }
    #expect(try repo.snapshot() == snapshot)

    let dry = try repo.run(
      "batch", try repo.write(#"{"op":"archive","id":"\#(t2)"}"#, as: "a.jsonl"), "--dry-run", "--json"
    ).object()
    #expect(
      (dry["results"] as? [[String: Any]])?.first?["issue"].flatMap {
        ($0 as? [String: Any])?["state"] as? String
      } == "archived")
    #expect(try repo.state(t2) == "backlog", "a dry run keeps nothing")
  }
}

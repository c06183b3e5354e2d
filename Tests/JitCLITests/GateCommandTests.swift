import Foundation
import JitTestSupport
import Testing

/// The gate registry and gates on issues, through the command line in-process.
@Suite struct GateCommandTests {
  @Test func aVerdictAndACompletionReportWhatIsLeftAsTheyLeftIt() throws {
    let repo = try TemporaryRepository()
    #expect(repo.run("gate", "define", "review", "--title", "Review").status == 0)
    #expect(repo.run("gate", "define", "tests", "--title", "Tests", "--auto").status == 0)
    let id = try repo.create("work", "--gate", "tests", "--gate", "review")
    #expect(repo.run("issue", "claim", id, "--to", "agent:w").status == 0)
    let completed = try repo.run("issue", "complete", id, "--by", "agent:w", "--json").object()
    #expect(completed["state"] as? String == "gated")
    let waiting = try #require((completed["until_done"] as? [String: Any])?["gates"] as? [[String: Any]])
    #expect(waiting.map { $0["key"] as? String } == ["tests", "review"])
    let blocking = try #require(completed["gates_blocking_done"] as? [[String: Any]])
    #expect(blocking.map { $0["key"] as? String } == ["tests", "review"])
    let other = try repo.create("other", "--gate", "tests")
    #expect(repo.run("issue", "claim", other, "--to", "agent:w").status == 0)
    #expect(
      repo.run("issue", "complete", other, "--by", "agent:w").stdout.contains("waiting for: tests (pending)"))
    let passed = try repo.run("gate", "pass", id, "tests", "--by", "ci:runner", "--json").object()
    let issue = try #require(passed["issue"] as? [String: Any])
    let left = try #require((issue["until_done"] as? [String: Any])?["gates"] as? [[String: Any]])
    #expect(left.map { $0["key"] as? String } == ["review"])
    let approved = try repo.run("gate", "pass", id, "review", "--by", "human:lead", "--json").object()
    let done = try #require(approved["issue"] as? [String: Any])
    #expect(done["state"] as? String == "done")
    #expect((done["until_done"] as? [String: Any])?["done"] as? Bool == true)
  }

  @Test func defineListShowUpdateAndUndefine() throws {
    let repo = try TemporaryRepository()
    let defined = repo.run(
      "gate", "define", "unit-tests", "--title", "Unit tests", "--auto", "--command", "swift test",
      "--timeout",
      "120", "--json")
    #expect(defined.status == 0)
    #expect(try defined.object()["outcome"] as? String == "created")
    #expect(repo.run("gate", "define", "review", "--title", "Code review").status == 0)
    let list = try repo.run("gate", "list", "--json").array()
    #expect(list.map { $0["key"] as? String } == ["review", "unit-tests"])
    #expect(list.first?["auto"] as? Bool == false)
    let shown = try repo.run("gate", "show", "unit-tests", "--json").object()
    #expect(shown["command"] as? String == "swift test")
    #expect(shown["timeout"] as? Int == 120)
    #expect(shown["required_by"] as? [String] == [])
    #expect(try repo.openStore().read { try $0.gates() }.gates.keys.contains("unit-tests"), "it is stored")

    let updated = try repo.run(
      "gate", "define", "unit-tests", "--update", "--stage", "precheck", "--coverage-threshold", "75",
      "--json"
    ).object()
    #expect(updated["outcome"] as? String == "updated")
    let gate = try #require(updated["gate"] as? [String: Any])
    #expect(gate["title"] as? String == "Unit tests")
    #expect(gate["stage"] as? String == "precheck")
    #expect(gate["coverage_threshold"] as? Double == 75)
    #expect(
      try repo.run("gate", "define", "unit-tests", "--update", "--json").object()["outcome"] as? String
        == "unchanged")

    #expect(repo.run("gate", "undefine", "review").status == 0)
    #expect(repo.run("gate", "show", "review", "--json").errorCode == "GATE_NOT_FOUND")
    let kinds = try repo.events().compactMap { $0["event"] as? String }.filter { $0.hasPrefix("gate.") }
    #expect(kinds == ["gate.defined", "gate.defined", "gate.defined", "gate.undefined"])
  }

  @Test(arguments: [
    (["gate", "define", "review", "--title", "Again"], "ALREADY_EXISTS", Int32(5)),
    (["gate", "define", "Bad Key", "--title", "x"], "INVALID_GATE_KEY", 2),
    (["gate", "define", "lint", "--title", "Lint", "--command", "make lint"], "INVALID_ARGUMENT", 2),
    (["gate", "define", "lint", "--title", "Lint", "--auto", "--plugin", "../evil"], "INVALID_ARGUMENT", 2),
    (["gate", "define", "lint", "--title", "Lint", "--auto", "--plugin", "a/b"], "INVALID_ARGUMENT", 2),
    (["gate", "define", "lint", "--auto"], "INVALID_ARGUMENT", 2),
    (["gate", "undefine", "review"], "GATE_IN_USE", 4),
    (["gate", "undefine", "nope"], "GATE_NOT_FOUND", 3),
    (["gate", "add", "ISSUE", "nope"], "GATE_NOT_FOUND", 3),
    (["issue", "create", "--title", "x", "--gate", "nope"], "GATE_NOT_FOUND", 3),
    (["gate", "pass", "ISSUE", "review", "--by", "agent:copilot"], "MANUAL_GATE_REQUIRES_HUMAN", 4),
    (["gate", "pass", "ISSUE", "review", "--by", "human:bob"], "SELF_APPROVAL", 4),
    (["gate", "pass", "ISSUE", "tests", "--by", "human:alice"], "AUTOMATED_GATE_REQUIRES_AUTOMATION", 4),
    (["gate", "pass", "ISSUE", "lint"], "GATE_NOT_FOUND", 3),
    (["gate", "remove", "ISSUE", "review", "--by", "agent:copilot"], "GATE_REMOVAL_REQUIRES_HUMAN", 4),
    (["gate", "check", "ISSUE", "review"], "MANUAL_GATE_REQUIRES_HUMAN", 4),
    (["gate", "check", "ISSUE", "tests"], "INVALID_ARGUMENT", 2),
  ])
  func refusalsHaveACodeAndChangeNothing(arguments: [String], code: String, exit: Int32) throws {
    let repo = try TemporaryRepository()
    #expect(repo.run("gate", "define", "review", "--title", "Review").status == 0)
    #expect(repo.run("gate", "define", "tests", "--title", "Tests", "--auto").status == 0)
    let id = try repo.create("work", "--gate", "review", "--gate", "tests")
    #expect(repo.run("issue", "claim", id, "--to", "human:bob").status == 0)
    let before = try repo.snapshot()
    let result = repo.run(arguments.map { $0 == "ISSUE" ? id : $0 } + ["--json"])
    #expect(result.status == exit, "\(result.stdout)")
    #expect(result.errorCode == code)
    #expect(!result.stderr.isEmpty)
    #expect(try repo.snapshot() == before)
  }

  @Test func showListsEachGateWithEvidenceAndWhatStandsBeforeDone() throws {
    let repo = try TemporaryRepository()
    #expect(repo.run("gate", "define", "review", "--title", "Review").status == 0)
    #expect(
      repo.run("gate", "define", "tests", "--title", "Tests", "--auto", "--command", "echo boom; exit 1")
        .status == 0)
    let id = try repo.create("work", "--gate", "tests", "--gate", "review")
    #expect(repo.run("issue", "claim", id, "--to", "agent:w").status == 0)
    #expect(repo.run("issue", "complete", id, "--by", "agent:w").status == 0)
    #expect(repo.run("gate", "check", id, "--by", "ci:runner").status == 4)
    let shown = try repo.show(id)
    #expect(shown["state"] as? String == "in_progress")
    let status = try #require((shown["gates_status"] as? [String: Any])?["tests"] as? [String: Any])
    let evidence = try #require(status["evidence"] as? [String: Any])
    #expect(evidence["exit_code"] as? Int == 1)
    #expect(evidence["output_tail"] as? String == "boom")
    let until = try #require(shown["until_done"] as? [String: Any])
    #expect(until["done"] as? Bool == false)
    let gates = try #require(until["gates"] as? [[String: Any]])
    #expect(gates.map { $0["key"] as? String } == ["tests", "review"])
    #expect(gates.map { $0["kind"] as? String } == ["automated", "manual"])
    #expect((gates[0]["how"] as? String)?.contains("jit gate check") == true)
    #expect((until["summary"] as? String)?.contains("complete it") == true)
    let text = repo.run("issue", "show", id).stdout
    #expect(text.contains("tests: failed"))
    #expect(text.contains("| boom"))
    #expect(text.contains("Until done:"))
    #expect(text.contains("a person other than agent:w passes it"))
  }

  @Test func checkExitCodesAndEvents() throws {
    let repo = try TemporaryRepository()
    #expect(repo.run("gate", "define", "ok", "--title", "OK", "--auto", "--command", "true").status == 0)
    #expect(repo.run("gate", "define", "bad", "--title", "Bad", "--auto", "--command", "exit 2").status == 0)
    #expect(
      repo.run("gate", "define", "broken", "--title", "Broken", "--auto", "--command", "/no/such").status == 0
    )
    let id = try repo.create("work", "--gate", "ok", "--gate", "bad", "--gate", "broken")
    let passed = repo.run("gate", "check", id, "ok", "--json")
    #expect(passed.status == 0)
    #expect(try passed.object()["status"] as? String == "passed")
    let failed = repo.run("gate", "check", id, "bad", "--json")
    #expect(failed.status == 4)
    #expect(failed.errorCode == "GATE_FAILED")
    #expect((try failed.object()["results"] as? [[String: Any]])?.first?["status"] as? String == "failed")
    let before = try repo.show(id)["gates_status"] as? [String: Any]
    let broken = repo.run("gate", "check", id, "broken", "--json")
    #expect(broken.status == 10)
    #expect(broken.errorCode == "CHECKER_ERROR")
    let after = try repo.show(id)["gates_status"] as? [String: Any]
    #expect((after?["broken"] as? [String: Any])?["status"] as? String == "pending")
    #expect(before?.count == after?.count)
    #expect(repo.run("gate", "check", id, "--all").status == 10)
    let checked = try repo.events().filter { $0["event"] as? String == "gate.checked" }
    #expect(
      checked.map { $0["result"] as? String } == ["passed", "failed", "error", "passed", "failed", "error"])
    #expect(checked.allSatisfy { $0["evidence"] is [String: Any] })
  }

  @Test func pluginsDecideGatesThroughCheck() throws {
    let repo = try TemporaryRepository()
    let plugins = repo.layout.pluginsDirectory
    try FileManager.default.createDirectory(atPath: plugins, withIntermediateDirectories: true)
    try "#!/bin/sh\ncat >/dev/null\necho '{\"status\": \"passed\", \"message\": \"licenses ok\"}'\n".write(
      toFile: plugins + "/licenses", atomically: false, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: plugins + "/licenses")
    #expect(
      repo.run("gate", "define", "licenses", "--title", "Licenses", "--auto", "--plugin", "licenses").status
        == 0)
    let id = try repo.create("work", "--gate", "licenses")
    let result = repo.run("gate", "check", id, "--json")
    #expect(result.status == 0, "\(result.stdout)")
    let status = try #require(
      (try repo.show(id)["gates_status"] as? [String: Any])?["licenses"] as? [String: Any])
    #expect(status["status"] as? String == "passed")
    #expect((status["evidence"] as? [String: Any])?["message"] as? String == "licenses ok")
  }
}

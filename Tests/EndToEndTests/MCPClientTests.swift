import Foundation
import JitTestSupport
import Testing

/// jit's MCP server driven by a real client: the official Python MCP SDK (`pip install mcp`;
/// `.ci/run` installs it), through `Tests/Fixtures/mcp/client.py`, which records what it saw.
@Suite(.enabled(if: PythonMCP.available, "needs the Python MCP SDK: pip install mcp"))
struct MCPClientTests {
  /// The server as a client configuration starts it: `jit-mcp` itself, or `jit mcp`.
  func spec(_ repo: TemporaryRepository, viaJit: Bool = false, actor: String = "agent:mcp-1") throws
    -> [String: Any]
  {
    let command = viaJit ? [try BuiltBinary.path("jit"), "mcp"] : [try BuiltBinary.path("jit-mcp")]
    // `jit mcp` finds jit-mcp beside it, as an installed pair does.
    var environment = [
      "JIT_ACTOR": actor, "PATH": repo.environment["PATH"] ?? "/usr/bin:/bin", "USER": "tester",
    ]
    environment["JIT_DATABASE_URL"] = repo.environment["JIT_DATABASE_URL"]
    return ["command": command, "cwd": repo.root, "env": environment]
  }

  @Test func eachTierListsItsToolsAndTheCoreListingIsUnder2500Tokens() throws {
    let repo = try TemporaryRepository()
    let seen = try PythonMCP.run("tiers", spec(repo))
    let core = try #require(seen["core/option"] as? [String: Any])
    #expect(core["server"] as? String == "jit")
    #expect(
      core["names"] as? [String] == [
        "ready", "claim_next", "show", "complete", "release", "create", "set_context", "check_gates",
      ])
    let characters = try #require(core["characters"] as? Int)
    #expect(characters / 4 < 2_500, "core tools/list: \(characters) characters")
    let standard = try #require((seen["standard/option"] as? [String: Any])?["names"] as? [String])
    let all = try #require((seen["all/option"] as? [String: Any])?["names"] as? [String])
    #expect(standard.count == 15)
    #expect(all.count > standard.count && Set(standard).isSubset(of: Set(all)))
    for tier in ["core", "standard", "all"] {
      let byOption = (seen["\(tier)/option"] as? [String: Any])?["names"] as? [String]
      let byVariable = (seen["\(tier)/environment"] as? [String: Any])?["names"] as? [String]
      #expect(byOption == byVariable, "--tier \(tier) and JIT_MCP_TIER=\(tier) offer the same tools")
    }
    for tool in core["tools"] as? [[String: Any]] ?? [] {
      let hints = tool["annotations"] as? [String: Any] ?? [:]
      #expect(
        hints["readOnlyHint"] != nil && hints["destructiveHint"] != nil && hints["idempotentHint"] != nil)
      #expect((tool["inputSchema"] as? [String: Any])?["type"] as? String == "object")
    }
  }

  /// Claim, work and complete an issue through gates: an automated gate that passes (done), and a
  /// manual gate whose pass is refused (still gated). Through `jit mcp`, as a client would start it.
  @Test func anAgentClaimsWorksAndCompletesThroughGatesAndAManualGateIsRefused() throws {
    let repo = try TemporaryRepository()
    #expect(
      repo.run("gate", "define", "tests", "--title", "Tests", "--auto", "--command", "true").status == 0)
    #expect(repo.run("gate", "define", "review", "--title", "Review").status == 0)
    let work = try repo.create("Add the feature", "--gate", "tests", "--priority", "high")
    let reviewed = try repo.create("Reviewed change", "--gate", "review")
    var spec = try spec(repo, viaJit: true)
    spec["command"] = [try BuiltBinary.path("jit"), "mcp", "--tier", "all"]
    spec["manual_issue"] = reviewed
    let steps = try PythonMCP.run("flow", spec)
    func step(_ name: String) -> [String: Any] {
      (steps[name] as? [String: Any])?["json"] as? [String: Any] ?? [:]
    }
    func isError(_ name: String) -> Bool? { (steps[name] as? [String: Any])?["is_error"] as? Bool }

    #expect(step("ready")["total"] as? Int == 2)
    #expect(step("claim_next")["id"] as? String == work)
    #expect(step("claim_next")["assignee"] as? String == "agent:mcp-1")
    #expect(step("claim_next")["lease"] != nil)
    let untilDone = step("show")["until_done"] as? [String: Any]
    #expect((untilDone?["gates"] as? [[String: Any]])?.first?["key"] as? String == "tests")
    #expect((step("set_context")["context"] as? [String: String])?["branch"] == "mcp-work")
    #expect(step("complete")["state"] as? String == "gated")
    #expect(isError("check_gates") == false)
    #expect(step("check_gates")["status"] as? String == "passed")
    #expect(step("after")["state"] as? String == "done")

    #expect(isError("pass_manual") == true)
    #expect(
      (step("pass_manual")["error"] as? [String: Any])?["code"] as? String == "MANUAL_GATE_REQUIRES_HUMAN")
    #expect(step("after_manual")["state"] as? String == "gated")
    #expect(try repo.state(reviewed) == "gated")
    #expect(try repo.state(work) == "done")
  }

  @Test func errorsAreToolErrorsWithJitsCodeAndAnUnknownToolIsAProtocolError() throws {
    let repo = try TemporaryRepository()
    var spec = try spec(repo)
    spec["calls"] = [
      ["tool": "show", "arguments": ["id": "nope!"]],
      ["tool": "claim_next"],
      ["tool": "create", "arguments": ["title": "x", "colour": "red"]],
      ["tool": "graph", "arguments": ["id": "ABCDEF"]],
    ]
    let seen = try PythonMCP.run("calls", spec)
    let answers = try #require(seen["answers"] as? [[String: Any]])
    func code(_ index: Int) -> String? {
      ((answers[index]["json"] as? [String: Any])?["error"] as? [String: Any])?["code"] as? String
    }
    #expect(answers[0]["is_error"] as? Bool == true)
    #expect(code(0) == "INVALID_ID")
    #expect(code(1) == "NO_READY_ISSUE")
    #expect(code(2) == "INVALID_ARGUMENT")
    // graph is a standard tool: the core server does not have it.
    #expect((answers[3]["protocol_error"] as? String)?.contains("no tool 'graph' in tier core") == true)
    #expect(try repo.events().isEmpty, "nothing was written")
  }

  /// The SDK would read these as data URLs; they are stored as typed.
  @Test func stringsThatLookLikeDataURLsAreKeptAsTyped() throws {
    let repo = try TemporaryRepository()
    var spec = try spec(repo)
    spec["calls"] = [
      [
        "tool": "create",
        "arguments": [
          "title": "data:,hello world", "context": ["note": "data:text/plain;base64,aGk="],
          "description": "data: see the notes",
        ],
      ]
    ]
    let answers = try #require(try PythonMCP.run("calls", spec)["answers"] as? [[String: Any]])
    let created = try #require(answers.first?["json"] as? [String: Any])
    let id = try #require(created["id"] as? String, "\(created)")
    let stored = try repo.show(id)
    #expect(stored["title"] as? String == "data:,hello world")
    #expect((stored["context"] as? [String: String])?["note"] == "data:text/plain;base64,aGk=")
    #expect(stored["description"] as? String == "data: see the notes")
  }

  @Test func fourClientsClaimingConcurrentlyNeverDoubleClaim() throws {
    let repo = try TemporaryRepository()
    var ids: [String] = []
    for index in 1...24 { ids.append(try repo.create("Work \(index)")) }
    var spec = try spec(repo)
    spec["clients"] = 4
    let clients = try PythonMCP.runList("race", spec)
    #expect(clients.count == 4)
    let claimed = clients.flatMap { $0["claimed"] as? [String] ?? [] }
    #expect(claimed.count == Set(claimed).count, "no issue claimed twice: \(claimed)")
    #expect(Set(claimed) == Set(ids), "every issue claimed once")
    #expect(clients.allSatisfy { $0["ended"] as? String == "NO_READY_ISSUE" })
    for id in ids {
      let assignee = try repo.show(id)["assignee"] as? String
      #expect(assignee?.hasPrefix("agent:racer-") == true)
    }
  }

  @Test func jitMcpWithoutItsCompanionSaysSoWithAStableCode() throws {
    let repo = try TemporaryRepository()
    let result = try BuiltBinary.run(
      try BuiltBinary.path("jit"), ["mcp", "--json"], in: repo.root,
      environment: repo.environment.merging(["JIT_MCP": repo.root + "/no-such-jit-mcp"]) { $1 })
    #expect(result.status == 10)
    #expect(result.errorCode == "COMPANION_NOT_FOUND")
    #expect(result.stderr.contains("JIT_MCP"))
  }
}

/// The Python MCP SDK and the client script.
enum PythonMCP {
  static let available: Bool = {
    (try? BuiltBinary.run("/usr/bin/env", ["python3", "-c", "import mcp"], in: "/", environment: environment))?
      .status == 0
  }()

  static var environment: [String: String] {
    [
      "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
      "HOME": ProcessInfo.processInfo.environment["HOME"] ?? "/tmp",
    ]
  }

  static func output(_ scenario: String, _ spec: [String: Any]) throws -> Any {
    let text = String(decoding: try JSONSerialization.data(withJSONObject: spec), as: UTF8.self)
    let outcome = try BoundedProcess.run(
      "/usr/bin/env", ["python3", Fixtures.path("mcp/client.py"), scenario, text], in: "/",
      environment: environment, timeout: 120)
    guard outcome.status == 0 else {
      throw HarnessError(
        "client.py \(scenario) failed (\(String(describing: outcome.status))): \(outcome.stderrText)")
    }
    return try JSONSerialization.jsonObject(with: Data(outcome.stdout))
  }

  static func run(_ scenario: String, _ spec: [String: Any]) throws -> [String: Any] {
    guard let object = try output(scenario, spec) as? [String: Any] else {
      throw HarnessError("not an object")
    }
    return object
  }

  static func runList(_ scenario: String, _ spec: [String: Any]) throws -> [[String: Any]] {
    guard let list = try output(scenario, spec) as? [[String: Any]] else { throw HarnessError("not a list") }
    return list
  }
}

import Foundation
import JitApp
import JitCore
import JitTestSupport
import MCP
import Testing

@testable import JitMCP

/// Tool calls in-process, through the server's own `call`: answers as `--json` prints them, and
/// errors as tool errors carrying jit's code, with nothing written.
@Suite struct ToolCallTests {
  func server(
    _ repo: TemporaryRepository, actor: String? = "agent:worker", environment: [String: String]? = nil
  )
    throws -> JitMCPServer
  {
    let configuration = try JitConfiguration.fromEnvironment(
      workingDirectory: repo.root, environment: environment ?? repo.environment)
    return try JitMCPServer(configuration: configuration, tier: .all, actor: actor)
  }

  func call(_ server: JitMCPServer, _ name: String, _ arguments: [String: Value] = [:]) async throws
    -> (isError: Bool, json: [String: Any])
  {
    let tool = try #require(ToolCatalog.tools(for: server.tier).first { $0.name == name })
    let answer = await server.call(tool, arguments)
    #expect(!answer.json.contains("\n"), "one line")
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(answer.json.utf8)) as? [String: Any])
    return (answer.isError, object)
  }

  func canonical(_ object: [String: Any]) throws -> String {
    String(
      decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
  }

  func code(_ answer: (isError: Bool, json: [String: Any])) -> String? {
    guard answer.isError else { return nil }
    return (answer.json["error"] as? [String: Any])?["code"] as? String
  }

  @Test func anIssueIsAnsweredAsIssueShowJsonPrintsIt() async throws {
    let repo = try TemporaryRepository()
    let first = try repo.create("First")
    let second = try repo.create("Second", "--dep", first)
    let server = try server(repo)
    let shown = try await call(server, "show", ["id": .string(String(second.suffix(6)))])
    #expect(!shown.isError)
    let cli = try repo.show(second)
    #expect(shown.json["id"] as? String == second)
    #expect(shown.json["blocked"] as? Bool == true)
    #expect(try canonical(shown.json) == canonical(cli), "the same object as issue show --json")
  }

  @Test func listsAreCappedWithTheirTotal() async throws {
    let repo = try TemporaryRepository()
    for index in 1...3 { _ = try repo.create("Issue \(index)") }
    let ready = try await call(try server(repo), "ready", ["limit": 2])
    #expect((ready.json["issues"] as? [[String: Any]])?.count == 2)
    #expect(ready.json["shown"] as? Int == 2)
    #expect(ready.json["total"] as? Int == 3)
    let tooMany = try await call(try server(repo), "ready", ["limit": 101])
    #expect(code(tooMany) == "INVALID_ARGUMENT")
  }

  @Test func createWithDependenciesAndContextActsAsTheServersAgent() async throws {
    let repo = try TemporaryRepository()
    let first = try repo.create("First")
    let created = try await call(
      try server(repo), "create",
      [
        "title": "Second", "priority": "high", "dependencies": [.string(first)],
        "context": ["epic": "mcp"],
      ])
    #expect(!created.isError)
    let id = try #require(created.json["id"] as? String)
    let stored = try repo.show(id)
    #expect(stored["dependencies"] as? [String] == [first])
    #expect(stored["priority"] as? String == "high")
    #expect((stored["context"] as? [String: String])?["epic"] == "mcp")
    #expect(stored["state"] as? String == "backlog")
    #expect(try repo.events().last?["by"] as? String == "agent:worker")
  }

  @Test(
    arguments: [
      ("show", ["id": Value.string("xx")], "INVALID_ID"),
      ("show", ["id": Value.int(7)], "INVALID_ARGUMENT"),
      ("show", [:], "INVALID_ARGUMENT"),
      ("show", ["id": "ABCDEF", "verbose": true], "INVALID_ARGUMENT"),
      ("show", ["id": "ZZZZZZ"], "ISSUE_NOT_FOUND"),
      ("create", ["title": "x", "priority": "urgent"], "INVALID_ARGUMENT"),
      ("create", ["title": "x", "dependencies": "ABCDEF"], "INVALID_ARGUMENT"),
      ("create", ["title": "x", "gates": ["no-such-gate"]], "GATE_NOT_FOUND"),
      ("claim_next", ["lease": "forever"], "INVALID_ARGUMENT"),
      ("claim_next", [:], "NO_READY_ISSUE"),
      ("dep_add", ["id": "ABCDEF", "on": []], "INVALID_ARGUMENT"),
      ("graph", ["id": "ABCDEF", "direction": "sideways"], "INVALID_ARGUMENT"),
    ] as [(String, [String: Value], String)])
  func badInputIsAToolErrorWithItsCodeAndWritesNothing(
    tool: String, arguments: [String: Value], expected: String
  )
    async throws
  {
    let repo = try TemporaryRepository()
    let before = try repo.snapshot()
    let answer = try await call(try server(repo), tool, arguments)
    #expect(answer.isError)
    #expect(code(answer) == expected, "\(tool) \(arguments): \(answer.json)")
    #expect((answer.json["error"] as? [String: Any])?["message"] as? String != nil)
    #expect(try repo.snapshot() == before)
  }

  @Test func withNoActorNamedChangesAreRefusedAndHumanUserIsNeverAssumed() async throws {
    let repo = try TemporaryRepository()
    _ = try repo.create("Work")
    var environment = repo.environment
    environment["JIT_ACTOR"] = nil
    let server = try server(repo, actor: nil, environment: environment)
    let before = try repo.snapshot()
    #expect(code(try await call(server, "claim_next")) == "INVALID_ACTOR")
    #expect(try repo.snapshot() == before)
    #expect(!(try await call(server, "ready")).isError, "reads need no actor")
    #expect(throws: JitError.self) { _ = try self.server(repo, actor: "agent:") }
  }

  @Test func aManualGateIsNeverPassedOrFailedThroughMCP() async throws {
    let repo = try TemporaryRepository()
    #expect(repo.run("gate", "define", "review", "--title", "Review").status == 0)
    let id = try repo.create("Reviewed work", "--gate", "review")
    // Even a server acting as a person cannot: an MCP client is a program.
    let server = try server(repo, actor: "human:alice")
    _ = try await call(server, "claim", ["id": .string(id)])
    _ = try await call(server, "complete", ["id": .string(id)])
    let before = try repo.snapshot()
    for tool in ["gate_pass", "gate_fail"] {
      let refused = try await call(
        server, tool, ["id": .string(id), "gate": "review", "reason": "looks fine"])
      #expect(code(refused) == "MANUAL_GATE_REQUIRES_HUMAN", "\(tool): \(refused.json)")
    }
    #expect(try repo.snapshot() == before)
    let checked = try await call(server, "check_gates", ["id": .string(id)])
    #expect((checked.json["issue"] as? [String: Any])?["state"] as? String == "gated")
    #expect(try repo.state(id) == "gated")
  }

  @Test func aFailingGateCheckIsAToolErrorWithItsReport() async throws {
    let repo = try TemporaryRepository()
    #expect(
      repo.run("gate", "define", "tests", "--title", "Tests", "--auto", "--command", "false").status == 0)
    let id = try repo.create("Work", "--gate", "tests")
    let server = try server(repo)
    _ = try await call(server, "claim_next")
    _ = try await call(server, "complete", ["id": .string(id)])
    let checked = try await call(server, "check_gates", ["id": .string(id)])
    #expect(code(checked) == "GATE_FAILED")
    #expect(checked.json["status"] as? String == "failed", "the report beside the error")
    #expect(try repo.state(id) == "in_progress")
  }
}

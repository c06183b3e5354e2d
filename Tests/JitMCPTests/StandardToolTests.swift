import Foundation
import JitApp
import JitCore
import JitTestSupport
import MCP
import Testing

@testable import JitMCP

/// The standard and all tiers' tools, each called once on a small graph, against what the
/// command line says of the same repository.
@Suite struct StandardToolTests {
  let calls = ToolCallTests()

  @Test func queriesDependenciesGraphEventsAndStatusAnswerAsTheCommandsDo() async throws {
    let repo = try TemporaryRepository()
    let schema = try repo.create("Schema")
    let api = try repo.create("API", "--dep", schema)
    let docs = try repo.create("Docs")
    let server = try calls.server(repo)

    let blocked = try await calls.call(server, "query", ["blocked": true])
    #expect((blocked.json["issues"] as? [[String: Any]])?.map { $0["id"] as? String } == [api])
    let open = try await calls.call(server, "query", ["filter": "priority:normal", "limit": 1])
    #expect(open.json["total"] as? Int == 3)
    #expect(open.json["shown"] as? Int == 1)
    #expect(
      calls.code(try await calls.call(server, "query", ["blocked": true, "filter": "x"]))
        == "INVALID_ARGUMENT")

    let added = try await calls.call(server, "dep_add", ["id": .string(docs), "on": [.string(api)]])
    #expect(added.json["added"] as? [String] == [api])
    #expect(try repo.show(docs)["dependencies"] as? [String] == [api])
    let cycle = try await calls.call(server, "dep_add", ["id": .string(schema), "on": [.string(docs)]])
    #expect(calls.code(cycle) == "CYCLE_DETECTED")

    let tree = try await calls.call(server, "graph", ["id": .string(docs)])
    let child = (tree.json["children"] as? [[String: Any]])?.first
    #expect(child?["id"] as? String == api)
    #expect(((child?["children"] as? [[String: Any]])?.first)?["id"] as? String == schema)
    let down = try await calls.call(
      server, "graph", ["id": .string(schema), "direction": "downstream", "depth": 1])
    #expect((down.json["children"] as? [[String: Any]])?.first?["id"] as? String == api)

    let removed = try await calls.call(server, "dep_remove", ["id": .string(docs), "on": [.string(api)]])
    #expect(removed.json["removed"] as? [String] == [api])

    let claimed = try await calls.call(server, "claim", ["id": .string(schema), "lease": "10m"])
    #expect(claimed.json["assignee"] as? String == "agent:worker")
    #expect(claimed.json["lease"] != nil)
    #expect(calls.code(try await calls.call(server, "claim", ["id": .string(api)])) == "NOT_READY")

    let events = try await calls.call(server, "events", ["issue": .string(schema), "limit": 1])
    #expect(events.json["shown"] as? Int == 1)
    #expect((events.json["total"] as? Int ?? 0) >= 2)
    let newest = try repo.events().last { $0["id"] as? String == schema }
    #expect(newest?["event"] as? String == "issue.state_changed", "a claim ends with the state change")
    let shown = (events.json["events"] as? [[String: Any]])?.first
    #expect(shown?["event_id"] as? String == newest?["event_id"] as? String, "the newest event is kept")

    let status = try await calls.call(server, "status")
    let cli = try repo.run("status", "--json").object()
    #expect(try calls.canonical(status.json) == calls.canonical(cli))
  }

  @Test func theAllTierEditsLeasesAndAutomatedGates() async throws {
    let repo = try TemporaryRepository()
    #expect(repo.run("gate", "define", "lint", "--title", "Lint", "--auto").status == 0)
    let id = try repo.create("Work")
    let server = try calls.server(repo)

    let next = try await calls.call(server, "next")
    #expect(next.json["next"] as? String == "ready")
    _ = try await calls.call(server, "claim", ["id": .string(id), "lease": "5m"])
    let beat = try await calls.call(server, "heartbeat", ["id": .string(id)])
    #expect(beat.isError == false, "\(beat.json)")
    let updated = try await calls.call(server, "update", ["id": .string(id), "priority": "critical"])
    #expect(updated.json["priority"] as? String == "critical")
    #expect(calls.code(try await calls.call(server, "update", ["id": .string(id)])) == "INVALID_ARGUMENT")

    let gates = try await calls.call(server, "gates")
    #expect((gates.json["gates"] as? [[String: Any]])?.first?["key"] as? String == "lint")
    let required = try await calls.call(server, "gate_add", ["id": .string(id), "gate": "lint"])
    #expect(required.json["changed"] as? Bool == true)
    _ = try await calls.call(server, "complete", ["id": .string(id)])
    #expect(try repo.state(id) == "gated")
    let passed = try await calls.call(
      server, "gate_pass", ["id": .string(id), "gate": "lint", "reason": "clean"])
    #expect(passed.json["status"] as? String == "passed", "\(passed.json)")
    #expect(try repo.state(id) == "done")

    let reopened = try await calls.call(server, "reopen", ["id": .string(id), "reason": "regressed"])
    #expect(reopened.json["state"] as? String != "done")
    let stalled = try await calls.call(server, "stalled", ["idle": "1h"])
    #expect(stalled.json["total"] as? Int == 0)
  }
}

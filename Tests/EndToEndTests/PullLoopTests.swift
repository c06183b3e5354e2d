import Foundation
import JitTestSupport
import Testing

/// The design's pull loop (`seed-design.md`, "Pull-based Agents"), run as written through the built
/// binary: `claim-next --filter "priority:high|critical" --to copilot-1 --json`, then
/// `jit issue complete <id>`, by an agent whose `JIT_ACTOR` is the bare name `copilot-1`.
@Suite struct PullLoopTests {
  @Test func theDesignsPullLoopTakesTheUrgentWorkAsAgentCopilot1() throws {
    let jit = try BuiltBinary.path("jit")
    let repo = try TemporaryRepository()
    let urgent = try repo.create("urgent", "--priority", "critical")
    let high = try repo.create("high", "--priority", "high")
    let low = try repo.create("low", "--priority", "low")
    let bin = URL(fileURLWithPath: jit).deletingLastPathComponent().path
    // The loop of the design, with `sleep 10` replaced by leaving when nothing is left to take.
    let script = """
      for round in 1 2 3; do
        out=$(jit issue claim-next --filter "priority:high|critical" --to copilot-1 --json)
        if [ $? -eq 0 ]; then
          id=$(printf '%s' "$out" | jq -r .id)
          jit issue complete "$id" || exit 9
          echo "done $id"
        else
          echo "idle"
          break
        fi
      done
      """
    var environment = repo.environment
    environment["JIT_ACTOR"] = "copilot-1"
    environment["PATH"] = bin + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
    let result = try BuiltBinary.run("/bin/bash", ["-c", script], in: repo.root, environment: environment)
    #expect(result.status == 0, "\(result.stderr)")
    let lines = result.stdout.split(separator: "\n").map(String.init)
    #expect(lines.first { $0.hasPrefix("done ") } != nil)
    #expect(lines.filter { $0.hasPrefix("done ") }.count == 2, "\(result.stdout)")
    #expect(lines.last == "idle")
    #expect(try repo.state(urgent) == "done")
    #expect(try repo.state(high) == "done")
    #expect(try repo.state(low) == "ready", "the filter leaves low-priority work alone")
    // Stored in full: the bare name is the agent.
    #expect(try repo.show(urgent)["assignee"] as? String == "agent:copilot-1")
    let completions = try repo.events().filter { $0["event"] as? String == "issue.completed" }
    #expect(completions.compactMap { $0["by"] as? String } == ["agent:copilot-1", "agent:copilot-1"])
  }
}

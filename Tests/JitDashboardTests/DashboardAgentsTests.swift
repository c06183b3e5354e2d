import Foundation
import JitTestSupport
import Testing

/// The agents view over what jit-dispatch records in `.jit/run/dispatch/` (written here as its
/// files, in its format): a run in flight with its log's tail, a retry, and capacity from dispatch.toml.
@Suite(.serialized) struct DashboardAgentsTests {
  @Test func runsInFlightShowTheirLogTailsRetriesAndCapacity() throws {
    let repo = try TemporaryRepository()
    let running = try repo.create("Being worked by the dispatcher")
    let retried = try repo.create("Failed once, tried again later")
    #expect(repo.run("issue", "claim", running, "--to", "agent:w1").status == 0)
    let dispatch = repo.root + "/.jit/run/dispatch"
    for folder in ["runs", "attempts", "logs"] {
      try FileManager.default.createDirectory(
        atPath: dispatch + "/" + folder, withIntermediateDirectories: true)
    }
    let log = dispatch + "/logs/run-1.log"
    let lines =
      (1...400).map { "step \($0) of the agent's work" }.joined(separator: "\n") + "\nLAST LINE <b>bold</b>\n"
    try lines.write(toFile: log, atomically: true, encoding: .utf8)
    let pid = ProcessInfo.processInfo.processIdentifier
    try """
    {"run_id": "run-1", "issue": "\(running)", "agent": "w1", "generation": 1, "attempt": 2,
     "dispatcher_pid": \(pid), "pid": \(pid), "started_at": "2026-12-01T10:00:00.000Z", "log": "\(log)",
     "workdir": "\(repo.root)"}
    """.write(toFile: dispatch + "/runs/run-1.json", atomically: true, encoding: .utf8)
    try """
    {"issue": "\(retried)", "attempts": 1, "last_reason": "exit 3", "last_log": "x.log",
     "retry_at": "2026-12-01T11:00:00.000Z", "held": false}
    """.write(toFile: dispatch + "/attempts/\(retried).json", atomically: true, encoding: .utf8)
    try "[[agents]]\nid = \"w1\"\ncommand = \"true\"\nmax_concurrent = 3\n".write(
      toFile: repo.root + "/dispatch.toml", atomically: true, encoding: .utf8)
    let f = try DashboardFixture(reusing: repo)
    let page = try RawHTTP.get(port: f.port, "/agents").body
    #expect(page.contains("Being worked by the dispatcher") && page.contains("attempt 2"), "\(page)")
    #expect(page.contains("LAST LINE &lt;b&gt;bold&lt;/b&gt;"), "the log's tail, escaped")
    #expect(!page.contains("step 1 of"), "only the tail of the log")
    #expect(page.contains("<td>w1</td><td>1</td><td>3</td>"), "capacity: 1 of 3 running")
    #expect(page.contains("Failed once, tried again later") && page.contains("exit 3"))
    let api = try #require(
      try JSONSerialization.jsonObject(with: Data(RawHTTP.get(port: f.port, "/api/agents").body.utf8))
        as? [String: Any])
    let runs = try #require(api["runs"] as? [[String: Any]])
    #expect(runs.first?["issue"] as? String == running && runs.first?["alive"] as? Bool == true)
    #expect((runs.first?["log_tail"] as? String)?.hasSuffix("LAST LINE <b>bold</b>\n") == true)
    #expect((api["capacity"] as? [[String: Any]])?.first?["max_concurrent"] as? Int == 3)
    #expect((api["retry_queue"] as? [[String: Any]])?.first?["issue"] as? String == retried)
  }
}

import Foundation
import JitTestSupport
import Testing

/// jit-dispatch running real agents (small shell scripts) on real repositories.
@Suite(.serialized) struct DispatchRunTests {
  @Test func capacityIsNeverExceeded() throws {
    let d = try DispatchRepo()
    try d.script("agent.sh", DispatchRepo.loggingAgent(sleep: "0.4"))
    try d.config(
      """
      [dispatch]
      poll_interval_secs = 0.2
      max_in_flight = 4

      [[agents]]
      id = "a"
      command = "./agent.sh"
      max_concurrent = 2
      env = { AGENTS_LOG = "\(d.path("agents.log"))" }

      [[agents]]
      id = "b"
      command = "./agent.sh"
      max_concurrent = 3
      env = { AGENTS_LOG = "\(d.path("agents.log"))" }
      """)
    var ids: [String] = []
    for index in 0..<14 { ids.append(try d.repo.create("work \(index)")) }
    let result = try d.run("start", "--until-idle")
    #expect(result.status == 0, "\(result.stderr)")
    for id in ids { #expect(try d.state(id) == "done") }
    let intervals = try d.intervals()
    #expect(intervals.count == 14)
    var peak = 0
    for interval in intervals {
      // Everything running at the moment this run started.
      let running = intervals.filter { $0.start <= interval.start && $0.end > interval.start }
      peak = max(peak, running.count)
      #expect(running.count <= 4)
      #expect(running.filter { $0.agent == "agent:a" }.count <= 2)
      #expect(running.filter { $0.agent == "agent:b" }.count <= 3)
    }
    #expect(peak == 4, "the dispatcher should fill max_in_flight")
    #expect(Set(intervals.map(\.issue)).count == 14, "each issue ran once")
  }

  @Test func priorityAndCriticalPathOrderTheWork() throws {
    let d = try DispatchRepo()
    try d.script("agent.sh", DispatchRepo.loggingAgent(sleep: "0.05"))
    try d.config(
      """
      [dispatch]
      poll_interval_secs = 0.1
      [[agents]]
      id = "solo"
      command = "./agent.sh"
      env = { AGENTS_LOG = "\(d.path("agents.log"))" }
      """)
    let low = try d.repo.create("low", "--priority", "low")
    let plain = try d.repo.create("plain")
    let root = try d.repo.create("root of a chain")
    let mid = try d.repo.create("mid", "--dep", root)
    let leaf = try d.repo.create("leaf", "--dep", mid)
    let critical = try d.repo.create("critical", "--priority", "critical")
    let result = try d.run("start", "--until-idle")
    #expect(result.status == 0, "\(result.stderr)")
    let order = try d.intervals().sorted { $0.start < $1.start }.map(\.issue)
    // Critical first; among normal work the root of the longest chain before older plain work,
    // then its dependent (a chain left) as soon as it is ready; age breaks the last tie; low last.
    let trace = try d.dispatchTrace()
    #expect(order == [critical, root, mid, plain, leaf, low], "\(trace)\n\(result.stderr)")
  }

  @Test func failuresAreReleasedRetriedAndThenHeld() throws {
    let d = try DispatchRepo()
    try d.script(
      "fail.sh", "echo \"attempt $JIT_ATTEMPT last=[$JIT_LAST_FAILURE] log=[$JIT_LAST_LOG]\"\nexit 3")
    try d.config(
      """
      [dispatch]
      poll_interval_secs = 0.1
      retry_base_secs = 0.3
      retry_cap_secs = 1
      [[agents]]
      id = "bad"
      command = "./fail.sh"
      max_attempts = 3
      """)
    let id = try d.repo.create("doomed")
    let result = try d.run("start", "--until-idle")
    #expect(result.status == 0, "\(result.stderr)")
    let started = try d.events("dispatch.run_started").filter { $0["id"] as? String == id }
    #expect(started.compactMap { $0["attempt"] as? Int } == [1, 2, 3])
    let exits = try d.events("dispatch.run_exited")
    #expect(exits.compactMap { $0["exit_code"] as? Int } == [3, 3, 3])
    #expect(exits.compactMap { $0["outcome"] as? String } == ["failed", "failed", "gave_up"])
    #expect(try d.events("dispatch.retry_scheduled").count == 2)
    #expect(try d.events("dispatch.gave_up").count == 1)
    #expect(try d.events("issue.released").count == 3)
    let issue = try d.repo.show(id)
    let hold = try #require(issue["hold"] as? [String: Any])
    #expect((hold["reason"] as? String)?.contains("3 attempts failed (last: exit 3)") == true)
    #expect(issue["assignee"] == nil || issue["assignee"] is NSNull)
    // The second attempt was told why the first failed, and where its log is.
    let logs = started.compactMap { $0["log"] as? String }
    let second = try String(contentsOfFile: logs[1], encoding: .utf8)
    #expect(second.contains("attempt 2 last=[exit 3] log=[\(logs[0])]"))
    // Retries waited their backoff.
    let times = started.compactMap { $0["ts"] as? String }
    #expect(times.count == 3 && times[0] < times[1])
    // Held work is never dispatched again.
    let again = try d.run("once", "--json")
    #expect(again.status == 0)
    #expect(try d.events("dispatch.run_started").count == 3)
  }

  @Test func aTimeoutKillsTheWholeProcessGroup() throws {
    let d = try DispatchRepo()
    try d.script("hang.sh", "sleep 300 &\necho $! > \"$PIDS\"\nsleep 300")
    try d.config(
      """
      [dispatch]
      kill_grace_secs = 0.5
      [[agents]]
      id = "slow"
      command = "./hang.sh"
      timeout_secs = 1
      max_attempts = 1
      env = { PIDS = "\(d.path("grandchild.pid"))" }
      """)
    let id = try d.repo.create("hangs")
    let started = Date()
    let result = try d.run("once", "--json")
    #expect(result.status == 0, "\(result.stderr)")
    #expect(Date().timeIntervalSince(started) < 10)
    let outcome = try #require((try result.object()["outcomes"] as? [[String: Any]])?.first)
    #expect(outcome["outcome"] as? String == "gave_up")
    #expect((outcome["reason"] as? String)?.hasPrefix("timeout") == true)
    let text = try String(contentsOfFile: d.path("grandchild.pid"), encoding: .utf8)
    let grandchild = try #require(Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)))
    try d.wait(3, "the grandchild to be gone") { kill(grandchild, 0) != 0 }
    #expect(try d.repo.show(id)["hold"] != nil)
    #expect(try d.events("dispatch.run_exited").first?["signal"] as? Int == 15)
  }

  @Test func aSilentRunIsAStall() throws {
    let d = try DispatchRepo()
    try d.script("quiet.sh", "echo hello\nexec sleep 300")
    try d.config(
      """
      [dispatch]
      kill_grace_secs = 0.5
      [[agents]]
      id = "quiet"
      command = "./quiet.sh"
      stall_secs = 1
      timeout_secs = 60
      max_attempts = 1
      """)
    _ = try d.repo.create("goes quiet")
    let started = Date()
    let result = try d.run("once", "--json")
    #expect(result.status == 0)
    #expect(Date().timeIntervalSince(started) < 10)
    let stalled = try d.events("dispatch.stalled")
    #expect(stalled.count == 1)
    #expect((stalled.first?["idle_s"] as? Int ?? 0) >= 1)
    let outcome = try #require((try result.object()["outcomes"] as? [[String: Any]])?.first)
    #expect((outcome["reason"] as? String)?.hasPrefix("stall") == true)
  }

  @Test func aCleanExitIsCompletedAndGatedByItsCheckers() throws {
    let d = try DispatchRepo()
    // The checker runs in the run's directory and passes when the agent left its mark.
    #expect(
      d.repo.run(
        "gate", "define", "mark", "--title", "Mark", "--auto", "--command", "test -f \"$JIT_ISSUE_ID.ok\"",
        "--by", "human:tester"
      )
      .status == 0)
    try d.script(
      "agent.sh",
      "case \"$(cat \"$JIT_ISSUE_FILE\")\" in *good*) touch \"$JIT_ISSUE_ID.ok\";; esac\necho worked")
    try d.config(
      """
      [dispatch]
      poll_interval_secs = 0.1
      retry_base_secs = 0.1
      [[agents]]
      id = "w"
      command = "./agent.sh"
      max_attempts = 2
      """)
    let good = try d.repo.create("good work", "--gate", "mark")
    let bad = try d.repo.create("bad work", "--gate", "mark")
    let plain = try d.repo.create("no gates")
    let result = try d.run("start", "--until-idle")
    #expect(result.status == 0, "\(result.stderr)")
    #expect(try d.state(good) == "done")
    #expect(try d.state(plain) == "done")
    #expect(try d.repo.show(bad)["hold"] != nil)
    let badExits = try d.events("dispatch.run_exited").filter { $0["id"] as? String == bad }
    #expect(badExits.compactMap { $0["reason"] as? String } == ["gate failed: mark", "gate failed: mark"])
    #expect(
      try d.events("issue.completed").filter { $0["id"] as? String == good }.first?["by"] as? String
        == "agent:w")
  }
}

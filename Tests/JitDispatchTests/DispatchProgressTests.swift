import Foundation
import JitTestSupport
import Testing

/// What a run does besides printing: finishing its issue without exiting, and working silently.
@Suite(.serialized) struct DispatchProgressTests {
  @Test func anAgentThatCompletesButNeverExitsIsStoppedAndCompleted() throws {
    let d = try DispatchRepo()
    // Completes its issue, leaves a child behind, and hangs (the user reports' "finished but never
    // exited"). The heartbeat and timeout are far off: only the exit grace can end it in time.
    try d.script(
      "stuck.sh",
      """
      jit issue complete "$JIT_ISSUE_ID" >/dev/null || exit 9
      sleep 300 &
      echo $! > "$CHILD"
      exec sleep 300
      """)
    try d.config(
      """
      [dispatch]
      heartbeat_secs = 120
      exit_grace_secs = 0.5
      kill_grace_secs = 0.5
      [[agents]]
      id = "stuck"
      command = "./stuck.sh"
      timeout_secs = 600
      stall_secs = 0
      env = { CHILD = "\(d.path("child"))" }
      """)
    let id = try d.repo.create("done but still running")
    let started = Date()
    let result = try d.run("once", "--json")
    #expect(result.status == 0, "\(result.stderr)")
    #expect(Date().timeIntervalSince(started) < 15, "stopped within the exit grace, not the heartbeat")
    #expect(try d.state(id) == "done")
    let trace = try d.dispatchTrace()
    let exit = try #require(try d.events("dispatch.run_exited").first, "\(trace)")
    #expect(exit["outcome"] as? String == "completed")
    #expect((exit["reason"] as? String)?.contains("did not exit") == true, "\(exit)")
    #expect(exit["signal"] != nil, "the agent was stopped by a signal: \(exit)")
    // The child it left went with its process group.
    let child = try #require(
      Int32(
        try String(contentsOfFile: d.path("child"), encoding: .utf8).trimmingCharacters(
          in: .whitespacesAndNewlines)))
    try d.wait(5, "the agent's child to be gone") { kill(child, 0) != 0 }
    #expect(try d.events("dispatch.retry_scheduled").isEmpty)
  }

  @Test func inAWorktreeSilentEditingIsProgressAndSilentIdlingIsAStall() throws {
    let d = try DispatchRepo()
    let worktrees = try TemporaryDirectory(prefix: "jit-worktrees")
    let git = WorkspaceTests()
    #expect(try git.git(["init", "-q", "-b", "main"], in: d.root).status == 0)
    try "hello\n".write(toFile: d.path("README"), atomically: true, encoding: .utf8)
    #expect(try git.git(["add", "README"], in: d.root).status == 0)
    #expect(try git.git(["commit", "-q", "-m", "base"], in: d.root).status == 0)
    // Never a line of output. "busy" edits a file in its worktree every 0.3 s for 4 s (well past
    // stall_secs), then exits 0; "idle" only sleeps.
    try d.script(
      "silent.sh",
      """
      if [ "$1" = busy ]; then
        i=0
        while [ $i -lt 13 ]; do echo "step $i" >> notes.txt; i=$((i + 1)); sleep 0.3; done
        exit 0
      fi
      exec sleep 300
      """)
    try d.config(
      """
      [dispatch]
      kill_grace_secs = 0.5
      workspace = "worktree"
      worktree_root = "\(worktrees.path)"
      [[agents]]
      id = "silent"
      command = "\(d.path("silent.sh"))"
      args = ["{title}"]
      max_concurrent = 2
      stall_secs = 1.5
      timeout_secs = 60
      max_attempts = 1
      """)
    let busy = try d.repo.create("busy")
    let idle = try d.repo.create("idle")
    let result = try d.run("once", "--json")
    #expect(result.status == 0, "\(result.stderr)")
    let trace = try d.dispatchTrace()
    #expect(try d.state(busy) == "done", "\(trace)")
    #expect(try d.state(idle) != "done", "\(trace)")
    let stalled = try d.events("dispatch.stalled")
    #expect(stalled.count == 1, "\(trace)")
    #expect(stalled.first?["id"] as? String == idle)
    let exits = try d.events("dispatch.run_exited")
    let idleExit = try #require(exits.first { $0["id"] as? String == idle })
    #expect((idleExit["reason"] as? String)?.hasPrefix("stall") == true, "\(idleExit)")
    let busyExit = try #require(exits.first { $0["id"] as? String == busy })
    #expect(busyExit["outcome"] as? String == "completed", "\(busyExit)")
  }

  @Test func updatingTheIssueIsProgress() throws {
    let d = try DispatchRepo()
    // Silent on stdout, but records its progress on its issue every 0.3 s for 3 s, then exits 0.
    try d.script(
      "commenter.sh",
      """
      i=0
      while [ $i -lt 10 ]; do
        jit issue update "$JIT_ISSUE_ID" --context "step=$i" >/dev/null 2>&1 || exit 7
        i=$((i + 1)); sleep 0.3
      done
      exit 0
      """)
    try d.config(
      """
      [dispatch]
      kill_grace_secs = 0.5
      [[agents]]
      id = "commenter"
      command = "./commenter.sh"
      stall_secs = 1.2
      timeout_secs = 60
      max_attempts = 1
      """)
    let id = try d.repo.create("talks to the tracker")
    let result = try d.run("once", "--json")
    #expect(result.status == 0, "\(result.stderr)")
    let trace = try d.dispatchTrace()
    #expect(try d.state(id) == "done", "\(trace)")
    #expect(try d.events("dispatch.stalled").isEmpty)
  }
}

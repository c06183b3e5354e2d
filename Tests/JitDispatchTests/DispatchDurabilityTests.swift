import Foundation
import JitTestSupport
import Testing

/// Crashes, races and shutdowns: every issue runs once at a time and nothing is stranded.
@Suite(.serialized) struct DispatchDurabilityTests {
  @Test func anAgentWhoseClaimWasTakenCannotCompleteAndIsStopped() throws {
    let d = try DispatchRepo()
    try d.script(
      "late.sh",
      // It shrugs off SIGTERM, so that it still tries to complete after the dispatcher, seeing the
      // issue taken, began to stop it (SIGKILL follows kill_grace_secs later).
      "trap '' TERM\ntouch \"$MARK\"\nwhile [ ! -f \"$GO\" ]; do sleep 0.05; done\njit issue complete \"$JIT_ISSUE_ID\"\necho $? > \"$RC\"\nsleep 300"
    )
    try d.config(
      """
      [dispatch]
      heartbeat_secs = 0.3
      kill_grace_secs = 3
      [[agents]]
      id = "late"
      command = "./late.sh"
      env = { MARK = "\(d.path("started"))", GO = "\(d.path("go"))", RC = "\(d.path("rc"))" }
      """)
    let id = try d.repo.create("taken back")
    let dispatcher = try d.launch("once")
    try d.wait(10, "the agent to start") { FileManager.default.fileExists(atPath: d.path("started")) }
    // A person takes the work back and gives it to someone else: a newer generation.
    #expect(d.repo.run("issue", "release", id).status == 0)
    #expect(d.repo.run("issue", "claim", id, "--to", "agent:other").status == 0)
    FileManager.default.createFile(atPath: d.path("go"), contents: nil)
    try d.wait(10, "the agent's complete to be refused") {
      FileManager.default.fileExists(atPath: d.path("rc"))
    }
    let rc = try String(contentsOfFile: d.path("rc"), encoding: .utf8).trimmingCharacters(
      in: .whitespacesAndNewlines)
    #expect(rc == "5", "STALE_CLAIM exits 5")
    dispatcher.waitUntilExit()
    #expect(dispatcher.terminationStatus == 0)
    let issue = try d.repo.show(id)
    #expect(issue["state"] as? String == "in_progress")
    #expect(issue["assignee"] as? String == "agent:other")
    let exit = try #require(try d.events("dispatch.run_exited").first)
    #expect(exit["outcome"] as? String == "superseded")
    #expect(try d.events("dispatch.claim_lost").count == 1)
  }

  @Test func aKilledDispatcherIsRecoveredOnRestartAndEveryIssueRunsOnceAtATime() throws {
    let d = try DispatchRepo()
    try d.script(
      "agent.sh",
      DispatchRepo.loggingAgent(sleep: "1", rest: "jit issue complete \"$JIT_ISSUE_ID\" >/dev/null"))
    try d.config(
      """
      [dispatch]
      poll_interval_secs = 0.2
      lease_secs = 120
      heartbeat_secs = 1
      kill_grace_secs = 0.3
      [[agents]]
      id = "w"
      command = "./agent.sh"
      max_concurrent = 3
      env = { AGENTS_LOG = "\(d.path("agents.log"))" }
      """)
    var ids: [String] = []
    for index in 0..<8 { ids.append(try d.repo.create("work \(index)")) }
    let first = try d.launch("start")
    try d.wait(10, "three runs to start") { try d.events("dispatch.run_started").count >= 3 }
    kill(first.processIdentifier, SIGKILL)
    first.waitUntilExit()
    // Its runs are in progress under leases that have not expired; a restart takes them back at once.
    let restart = try d.run("start", "--until-idle")
    #expect(restart.status == 0, "\(restart.stderr)")
    for id in ids { #expect(try d.state(id) == "done") }
    #expect(try d.events("dispatch.recovered").count >= 1)
    // No issue was ever run by two agents at once, and each was completed exactly once.
    let intervals = try d.intervals()
    for id in ids {
      let runs = intervals.filter { $0.issue == id }.sorted { $0.start < $1.start }
      for (a, b) in zip(runs, runs.dropFirst()) { #expect(a.end <= b.start, "\(id) ran twice at once") }
      #expect(try d.events("issue.completed").filter { $0["id"] as? String == id }.count == 1)
    }
  }

  @Test func twoDispatchersOnOneRepositoryNeverDoubleRun() throws {
    let d = try DispatchRepo()
    try d.script("agent.sh", DispatchRepo.loggingAgent(sleep: "0.2"))
    try d.config(
      """
      [dispatch]
      poll_interval_secs = 0.05
      [[agents]]
      id = "w"
      command = "./agent.sh"
      max_concurrent = 4
      env = { AGENTS_LOG = "\(d.path("agents.log"))" }
      """)
    var ids: [String] = []
    for index in 0..<16 { ids.append(try d.repo.create("work \(index)")) }
    let one = try d.launch("start", "--until-idle")
    let two = try d.launch("start", "--until-idle")
    one.waitUntilExit()
    two.waitUntilExit()
    // Whatever one left when it went idle early, a last once finishes.
    _ = try d.run("once")
    for id in ids { #expect(try d.state(id) == "done") }
    let intervals = try d.intervals()
    #expect(intervals.count == 16, "each issue ran exactly once")
    #expect(Set(intervals.map(\.issue)).count == 16)
  }

  @Test func onceRunsOneCycleAndItsRunsOnly() throws {
    let d = try DispatchRepo()
    try d.script("agent.sh", "echo ok")
    try d.config(
      """
      [[agents]]
      id = "w"
      command = "./agent.sh"
      max_concurrent = 5
      """)
    let a = try d.repo.create("a")
    let b = try d.repo.create("b", "--dep", a)
    let c = try d.repo.create("c")
    let first = try d.run("once", "--json")
    #expect(first.status == 0, "\(first.stderr)")
    let report = try first.object()
    #expect((report["started"] as? [[String: Any]])?.count == 2)
    #expect(
      (report["outcomes"] as? [[String: Any]])?.compactMap { $0["outcome"] as? String } == [
        "completed", "completed",
      ])
    #expect(try d.state(a) == "done")
    #expect(try d.state(c) == "done")
    // b became ready during the cycle, but once starts nothing after its cycle.
    #expect(try d.state(b) == "ready")
    let second = try d.run("once", "--json")
    #expect(second.status == 0)
    #expect(try d.state(b) == "done")
    // With nothing ready, once does nothing and succeeds.
    let third = try d.run("once", "--json")
    #expect(third.status == 0)
    #expect((try third.object()["started"] as? [Any])?.isEmpty == true)
  }

  @Test func aBadConfigDispatchesNothing() throws {
    let d = try DispatchRepo()
    try d.script("agent.sh", "echo ok")
    try d.config("[[agents]]\nid = \"w\"\ncommand = \"./agent.sh\"\nmax_concurrent = \"lots\"\n")
    let id = try d.repo.create("untouched")
    let eventsBefore = try d.events().count
    let result = try d.run("once", "--json")
    #expect(result.status == 2)
    #expect(result.stderr.contains("INVALID_CONFIG"))
    #expect(result.stderr.contains("dispatch.toml:4: agents[0].max_concurrent"))
    let error = try #require(try result.object()["error"] as? [String: Any])
    #expect(error["code"] as? String == "INVALID_CONFIG")
    #expect((error["details"] as? [String: Any])?["line"] as? Int == 4)
    #expect(try d.state(id) == "ready")
    #expect(try d.events().count == eventsBefore)
    // A missing file is the same error.
    let missing = try d.run("once", "--config", "nope.toml")
    #expect(missing.status == 2)
    #expect(missing.stderr.contains("INVALID_CONFIG"))
  }

  @Test func theDaemonWritesAPidFileRefusesASecondAndStopsCleanly() throws {
    let d = try DispatchRepo()
    try d.script("agent.sh", "touch \"$MARK\"\nexec sleep 300")
    try d.config(
      """
      [dispatch]
      poll_interval_secs = 0.2
      shutdown_grace_secs = 0.5
      kill_grace_secs = 0.5
      [[agents]]
      id = "w"
      command = "./agent.sh"
      env = { MARK = "\(d.path("started"))" }
      """)
    let id = try d.repo.create("long work")
    let started = try d.run("start", "--daemon")
    #expect(started.status == 0, "\(started.stderr)")
    let pid = try #require(Int32(started.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
    let pidFile = d.path(".jit/run/dispatch/daemon.pid")
    let written = try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(
      in: .whitespacesAndNewlines)
    #expect(written == String(pid))
    try d.wait(10, "the agent to start") { FileManager.default.fileExists(atPath: d.path("started")) }
    let second = try d.run("start", "--daemon")
    #expect(second.status == 5)
    #expect(second.stderr.contains("ALREADY_RUNNING"))
    let status = try d.run("status", "--json")
    #expect(try status.object()["daemon_pid"] as? Int == Int(pid))
    #expect((try status.object()["runs"] as? [Any])?.count == 1)
    kill(pid, SIGTERM)
    try d.wait(10, "the daemon to stop") { kill(pid, 0) != 0 }
    // Its run was stopped and its work released, not counted as a failure.
    #expect(try d.state(id) == "ready")
    #expect(try d.events("dispatch.run_exited").first?["outcome"] as? String == "canceled")
    #expect(try d.events("dispatch.stopped").count == 1)
    #expect(!FileManager.default.fileExists(atPath: pidFile))
  }

  @Test func pullModeRunsOneAgentsLoopWithoutAConfig() throws {
    let d = try DispatchRepo()
    try d.script("agent.sh", "echo \"$JIT_ACTOR $1\" >> \"\(d.path("pulled.log"))\"")
    let high = try d.repo.create("urgent", "--priority", "high")
    let normal = try d.repo.create("later")
    let result = try d.run(
      "work", "--agent", "puller", "--filter", "priority:high|critical", "--poll-interval", "0.1",
      "--until-idle", "--",
      "./agent.sh", "{short_id}")
    #expect(result.status == 0, "\(result.stderr)")
    #expect(try d.state(high) == "done")
    #expect(try d.state(normal) == "ready")
    let log = try String(contentsOfFile: d.path("pulled.log"), encoding: .utf8)
    #expect(log == "agent:puller \(high.suffix(8))\n")
  }
}

extension DispatchDurabilityTests {
  @Test func aRunWhoseIssueIsFinishedOrArchivedElsewhereIsStopped() throws {
    let d = try DispatchRepo()
    try d.script("agent.sh", "touch \"$MARKS/$JIT_ISSUE_ID\"\nexec sleep 300")
    try FileManager.default.createDirectory(atPath: d.path("marks"), withIntermediateDirectories: true)
    try d.config(
      """
      [dispatch]
      heartbeat_secs = 0.2
      kill_grace_secs = 0.3
      [[agents]]
      id = "w"
      command = "./agent.sh"
      max_concurrent = 2
      env = { MARKS = "\(d.path("marks"))" }
      """)
    let finished = try d.repo.create("finished by a person")
    let archived = try d.repo.create("archived by a person")
    let dispatcher = try d.launch("once")
    try d.wait(10, "both agents to start") {
      FileManager.default.fileExists(atPath: d.path("marks/" + finished))
        && FileManager.default.fileExists(atPath: d.path("marks/" + archived))
    }
    #expect(d.repo.run("issue", "complete", finished).status == 0)
    #expect(d.repo.run("issue", "archive", archived).status == 0)
    let started = Date()
    dispatcher.waitUntilExit()
    #expect(Date().timeIntervalSince(started) < 10, "both runs were stopped, not left to their 300 s")
    #expect(try d.state(finished) == "done")
    #expect(try d.state(archived) == "archived")
    let outcomes = try d.events("dispatch.run_exited").compactMap { $0["outcome"] as? String }
    #expect(outcomes == ["superseded", "superseded"])
  }
}

extension DispatchDurabilityTests {
  @Test func aDeadDispatchersPidReusedByAnotherProcessIsStillRecovered() throws {
    let d = try DispatchRepo()
    try d.script("agent.sh", "exit 0")
    try d.config(
      """
      [[agents]]
      id = "w"
      command = "./agent.sh"
      """)
    let id = try d.repo.create("left by a dead dispatcher")
    let claim = d.repo.run("issue", "claim", id, "--to", "agent:w", "--lease", "1h", "--json")
    #expect(claim.status == 0, "\(claim.stderr)")
    let generation = try #require(try claim.object()["claim_generation"] as? Int)
    // The dead dispatcher's pid now names another live process (started later than recorded).
    let other = Process()
    other.executableURL = URL(fileURLWithPath: "/bin/sleep")
    other.arguments = ["60"]
    try other.run()
    defer {
      kill(other.processIdentifier, SIGKILL)
      other.waitUntilExit()
    }
    let record: [String: Any] = [
      "run_id": "01RUNOFADEADDISPATCHER0000", "issue": id, "agent": "w", "generation": generation,
      "attempt": 1, "dispatcher_pid": Int(other.processIdentifier), "dispatcher_start": 1,
      "started_at": "2026-01-01T00:00:00.000Z", "log": "/dev/null", "workdir": d.root,
    ]
    try FileManager.default.createDirectory(
      atPath: d.path(".jit/run/dispatch/runs"), withIntermediateDirectories: true)
    try JSONSerialization.data(withJSONObject: record).write(
      to: URL(fileURLWithPath: d.path(".jit/run/dispatch/runs/01RUNOFADEADDISPATCHER0000.json")))
    let result = try d.run("once")
    #expect(result.status == 0, "\(result.stderr)")
    let trace = try d.dispatchTrace()
    let recovered = try d.events("dispatch.recovered")
    #expect(recovered.count == 1, "\(trace)")
    #expect(recovered.first?["released"] as? Bool == true)
    #expect(try d.state(id) == "done", "released at once and run again: \(trace)")
    #expect(kill(other.processIdentifier, 0) == 0, "the unrelated process was left alone")
  }
}

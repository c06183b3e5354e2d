import Foundation
import JitCore
import JitTestSupport
import Testing

/// Issue 3's "Done means", run through the built `jit` binary as a new user would.
@Suite struct GateScenarioTests {
  let directory: TemporaryDirectory
  let jit: String
  let environment: [String: String]

  init() throws {
    directory = try TemporaryDirectory(prefix: "jit-e2e-gates")
    jit = try BuiltBinary.path("jit")
    environment = try RepositoryStore.current.environment().merging([
      "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": directory.path,
      "JIT_ACTOR": "human:lead", "USER": "lead",
    ]) { $1 }
  }

  @discardableResult
  func jit(_ arguments: String...) throws -> CommandResult {
    try BuiltBinary.run(
      jit, RepositoryStore.current.arguments(arguments), in: directory.path, environment: environment)
  }

  func object(_ arguments: String...) throws -> [String: Any] {
    let result = try BuiltBinary.run(
      jit, arguments + ["--json"], in: directory.path, environment: environment)
    return try result.object()
  }

  func events() throws -> [[String: Any]] {
    try RepositoryStore.events(
      RepositoryLayout(jitDirectory: directory.file(".jit")), environment: environment)
  }

  /// A git checkout with one commit, when git is installed; returns its HEAD.
  func makeGitCheckout() -> String? {
    let script =
      "git init -q . && git -c user.email=e2e@jit -c user.name=e2e commit -q --allow-empty -m start "
      + "&& git rev-parse HEAD"
    guard
      let result = try? BuiltBinary.run(
        "/bin/sh", ["-c", script], in: directory.path, environment: environment),
      result.status == 0
    else { return nil }
    return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
  }

  @Test func gatedWorkReachesDoneOnlyThroughItsGates() throws {
    let head = makeGitCheckout()
    #expect(try jit("init").status == 0)
    #expect(
      try jit(
        "gate", "define", "unit-tests", "--title", "Unit tests", "--auto", "--command",
        "test -f fixed.txt || { echo 'FAIL: fixed.txt is missing'; exit 1; }; echo 'all tests pass'"
      ).status == 0)
    #expect(try jit("gate", "define", "security-scan", "--title", "Security scan", "--auto").status == 0)
    #expect(try jit("gate", "define", "review", "--title", "Code review").status == 0)

    let id = try #require(
      try object(
        "issue", "create", "--title", "Add login", "--gate", "unit-tests", "--gate", "security-scan",
        "--gate",
        "review")["id"] as? String)
    #expect(try jit("issue", "claim", id, "--to", "agent:worker").status == 0)
    let completed = try object("issue", "complete", id, "--by", "agent:worker")
    #expect(completed["state"] as? String == "gated")
    let shown = try object("issue", "show", id)
    let waiting = try #require((shown["until_done"] as? [String: Any])?["gates"] as? [[String: Any]])
    #expect(waiting.map { $0["key"] as? String } == ["unit-tests", "security-scan", "review"])
    #expect(waiting.allSatisfy { ($0["how"] as? String)?.isEmpty == false })

    // An agent may not pass the manual review.
    let refused = try BuiltBinary.run(
      jit, ["gate", "pass", id, "review", "--by", "agent:reviewer", "--json"], in: directory.path,
      environment: environment)
    #expect(refused.status == 4)
    #expect(refused.errorCode == "MANUAL_GATE_REQUIRES_HUMAN")

    // The failing checker sends the issue back for rework.
    let failing = try jit("gate", "check", id, "unit-tests", "--by", "ci:runner")
    #expect(failing.status == 4)
    #expect(failing.stdout.contains("FAIL: fixed.txt is missing"))
    #expect(try object("issue", "show", id)["state"] as? String == "in_progress")

    // The fix, then a passing check, a clean scan and a human review finish it on their own.
    try "fixed\n".write(toFile: directory.file("fixed.txt"), atomically: true, encoding: .utf8)
    #expect(try object("issue", "complete", id, "--by", "agent:worker")["state"] as? String == "gated")
    #expect(try jit("gate", "check", id, "--all", "--by", "ci:runner").status == 0)
    let sarif = directory.file("scan.sarif")
    try #"{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "scanner"}}, "results": []}]}"#.write(
      toFile: sarif, atomically: true, encoding: .utf8)
    #expect(
      try jit("gate", "ingest", id, "security-scan", "--sarif", sarif, "--by", "ci:scanner").status == 0)
    #expect(try object("issue", "show", id)["state"] as? String == "gated")
    // A person's review, typed at a terminal (the review gate's approval policy).
    let review = try BuiltBinary.runAtTerminal(
      jit, ["gate", "pass", id, "review", "--by", "human:alice", "--reason", "looks good", "--json"],
      in: directory.path, environment: environment
    ).object()
    #expect((review["issue"] as? [String: Any])?["state"] as? String == "done")

    // Every step is in the event log, with its evidence.
    let log = try events().filter { $0["id"] as? String == id }
    let kinds = log.compactMap { $0["event"] as? String }.filter { $0 != "issue.state_changed" }
    #expect(
      kinds == [
        "issue.created", "issue.claimed", "issue.completed", "gate.checked", "gate.failed", "issue.completed",
        "gate.checked", "gate.passed", "gate.passed", "gate.passed", "issue.completed",
      ])
    let transitions = log.filter { $0["event"] as? String == "issue.state_changed" }.compactMap {
      $0["to"] as? String
    }
    #expect(transitions == ["in_progress", "gated", "in_progress", "gated", "done"])
    let checks = log.filter { $0["event"] as? String == "gate.checked" }
    let firstEvidence = try #require(checks.first?["evidence"] as? [String: Any])
    #expect(firstEvidence["exit_code"] as? Int == 1)
    #expect((firstEvidence["output_tail"] as? String)?.contains("fixed.txt is missing") == true)
    #expect(firstEvidence["duration_ms"] is Int)
    if let head { #expect(firstEvidence["commit"] as? String == head) }
    let scan = try #require(
      log.first { $0["event"] as? String == "gate.passed" && $0["gate"] as? String == "security-scan" })
    #expect((scan["evidence"] as? [String: Any])?["source"] as? String == "sarif")
    #expect(((scan["evidence"] as? [String: Any])?["figures"] as? [String: Any])?["errors"] as? Int == 0)
    let last = try #require(log.last { $0["event"] as? String == "issue.completed" })
    #expect(last["automatic"] as? Bool == true)
    #expect(last["by"] as? String == "human:alice")
  }
}

extension GateScenarioTests {
  /// The checker itself writes to the repository: it would wait for the lock (and time out) if
  /// `gate check` held it. Here it also archives the issue, so its verdict is reported, not applied.
  @Test func noLockIsHeldWhileACheckerRuns() throws {
    #expect(try jit("init").status == 0)
    let command =
      "'\(jit)' issue update \"$JIT_ISSUE_ID\" --context checked-by=checker --json >/dev/null "
      + "&& '\(jit)' issue archive \"$JIT_ISSUE_ID\" >/dev/null"
    #expect(
      try jit(
        "gate", "define", "self-edit", "--title", "Edits", "--auto", "--command", command, "--timeout", "20"
      )
      .status == 0)
    let id = try #require(
      try object("issue", "create", "--title", "Edited", "--gate", "self-edit")["id"] as? String)
    let started = Date()
    let check = try BuiltBinary.run(
      jit, ["gate", "check", id, "--json", "--by", "ci:runner"], in: directory.path, environment: environment)
    #expect(Date().timeIntervalSince(started) < 15)
    #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    let result = try #require((try check.object()["results"] as? [[String: Any]])?.first)
    #expect(result["status"] as? String == "passed")
    #expect(result["applied"] as? Bool == false)
    #expect((result["note"] as? String)?.contains("archived") == true)
    let shown = try object("issue", "show", id)
    #expect((shown["context"] as? [String: String])?["checked-by"] == "checker")
    #expect(shown["state"] as? String == "archived")
    #expect(
      ((shown["gates_status"] as? [String: Any])?["self-edit"] as? [String: Any])?["status"] as? String
        == "pending")
  }
}

extension GateScenarioTests {
  /// Stopping jit while a checker runs kills the checker's process group too (it is not in jit's
  /// group, so a terminal's Ctrl-C would not reach it), and records nothing.
  @Test func stoppingJitStopsItsChecker() throws {
    #expect(try jit("init").status == 0)
    let pidFile = directory.file("checker.pid")
    #expect(
      try jit(
        "gate", "define", "slow", "--title", "Slow", "--auto", "--command",
        "sleep 60 & echo $! > '\(pidFile)'; wait", "--timeout", "120"
      ).status == 0)
    let id = try #require(try object("issue", "create", "--title", "Slow", "--gate", "slow")["id"] as? String)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: jit)
    process.arguments = ["gate", "check", id]
    process.currentDirectoryURL = URL(fileURLWithPath: directory.path)
    process.environment = environment
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    var waited = 0
    while !FileManager.default.fileExists(atPath: pidFile) && waited < 200 {
      usleep(50_000)
      waited += 1
    }
    usleep(100_000)
    process.terminate()  // SIGTERM
    let stopped = Date()
    process.waitUntilExit()
    #expect(Date().timeIntervalSince(stopped) < 10)
    // Killed by the signal, or (where the test host hands SIGTERM down ignored) a checker error.
    #expect(
      process.terminationReason == .uncaughtSignal || process.terminationStatus == 10,
      "jit ended with \(process.terminationStatus)")
    let (pid, alive) = try ProcessWatch.stillRunning(pidIn: pidFile)
    #expect(!alive, "the checker's background process \(pid) outlived jit")
    let status =
      (try object("issue", "show", id)["gates_status"] as? [String: Any])?["slow"] as? [String: Any]
    #expect(status?["status"] as? String == "pending")
  }
}

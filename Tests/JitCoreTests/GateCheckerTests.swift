import Foundation
import JitTestSupport
import Testing

@testable import JitCore

/// Checkers run for real: /bin/sh commands and plugin executables in a temporary repository.
@Suite struct GateCheckerTests {
  let directory: TemporaryDirectory
  let layout: RepositoryLayout
  let issue: JitCore.Issue

  init() throws {
    directory = try TemporaryDirectory(prefix: "jit-checker")
    layout = RepositoryLayout(jitDirectory: directory.path + "/.jit")
    try FileManager.default.createDirectory(
      atPath: layout.pluginsDirectory, withIntermediateDirectories: true)
    let id = try #require(IssueID("01ARZ3NDEKTSV4RRFFQ69G5FAV"))
    issue = JitCore.Issue(id: id, title: "Checked issue", createdAt: Timestamp(millisecondsSince1970: 0))
  }

  func run(_ command: String, timeout: Int? = nil) -> CheckerOutcome {
    let gate = GateDefinition(
      key: "unit-tests", title: "Tests", auto: true, command: command, timeout: timeout)
    return GateChecker(layout: layout, environment: ["PATH": "/usr/bin:/bin", "INHERITED": "yes"])
      .run(gate, for: issue, commit: "abc")
  }

  @Test func exitZeroPassesWithEvidence() {
    let outcome = run("echo hello; echo world")
    #expect(outcome.result == .passed)
    #expect(outcome.evidence.exitCode == 0)
    #expect(outcome.evidence.outputTail == "hello\nworld")
    #expect(outcome.evidence.durationMs != nil)
    #expect(outcome.evidence.commit == "abc")
    #expect(outcome.evidence.source == "command")
  }

  @Test func nonZeroFailsAndKeepsStandardErrorInTheTail() {
    let outcome = run("echo one; echo two >&2; exit 3")
    #expect(outcome.result == .failed)
    #expect(outcome.evidence.exitCode == 3)
    #expect(outcome.evidence.outputTail == "one\ntwo")
  }

  @Test func runsInTheRootWithTheIssueInItsEnvironment() throws {
    let outcome = run(
      "printf '%s|%s|%s|%s|' \"$JIT_ISSUE_ID\" \"$JIT_GATE_KEY\" \"$JIT_ISSUE_FILE\" \"$INHERITED\"; pwd")
    let expected = [
      issue.id.rawValue, "unit-tests", layout.issueFile(issue.id), "yes",
      URL(fileURLWithPath: directory.path).resolvingSymlinksInPath().path,
    ]
    #expect(outcome.result == .passed, "\(outcome.evidence)")
    let tail = try #require(outcome.evidence.outputTail)
    let parts = tail.split(separator: "|").map(String.init)
    #expect(Array(parts.prefix(4)) == Array(expected.prefix(4)))
    #expect(URL(fileURLWithPath: parts[4]).resolvingSymlinksInPath().path == expected[4])
  }

  @Test func onlyTheLastLinesAreKept() throws {
    let outcome = run("i=1; while [ $i -le 100 ]; do echo line$i; i=$((i+1)); done")
    let lines = try #require(outcome.evidence.outputTail).split(separator: "\n")
    #expect(lines.count == GateChecker.tailLines)
    #expect(lines.first == "line81")
    #expect(lines.last == "line100")
  }

  @Test func aTimeoutKillsTheWholeProcessGroupAndIsAnError() throws {
    let pidFile = directory.file("background.pid")
    let started = Date()
    let outcome = run("sleep 60 & echo $! > '\(pidFile)'; sleep 60", timeout: 1)
    #expect(Date().timeIntervalSince(started) < 20)
    #expect(outcome.result == .error)
    #expect(outcome.evidence.message?.contains("timed out") == true)
    // The background sleep was in the group: it is gone (or a zombie waiting for init to reap it).
    let (pid, alive) = try ProcessWatch.stillRunning(pidIn: pidFile)
    #expect(!alive, "the background process \(pid) survived the timeout")
  }

  @Test func aCommandThatCannotStartIsAnError() throws {
    let outcome = run("/nonexistent/checker --run")
    #expect(outcome.result == .error)
    #expect(outcome.evidence.exitCode == 127)
    let launch = ProcessLaunch(
      executable: "/nonexistent/binary", directory: directory.path, environment: [:], timeout: 5)
    let error = try #require(throws: JitError.self) { try ChildProcess.run(launch) }
    #expect(error.code == .checkerError)
    #expect(error.exitCode == 10)
    let nowhere = ProcessLaunch(
      executable: "/bin/sh", directory: directory.file("missing"), environment: [:], timeout: 5)
    #expect(throws: JitError.self) { try ChildProcess.run(nowhere) }
  }

  @Test func backgroundProcessesThatKeepThePipeOpenDoNotHangTheCheck() {
    let started = Date()
    let outcome = run("sleep 30 & echo started", timeout: 60)
    #expect(outcome.result == .passed)
    #expect(Date().timeIntervalSince(started) < 10)
  }

  // MARK: Plugins

  func plugin(_ name: String, _ script: String, timeout: Int? = nil) throws -> CheckerOutcome {
    let path = layout.pluginsDirectory + "/" + name
    // O_CLOEXEC, so that no checker spawned by a parallel test inherits it open for writing.
    try FileSystem.writeAtomically(Array(("#!/bin/sh\n" + script).utf8), to: path)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
    let gate = GateDefinition(key: "policy", title: "Policy", auto: true, plugin: name, timeout: timeout)
    return GateChecker(layout: layout, environment: ["PATH": "/usr/bin:/bin"]).run(
      gate, for: issue, commit: nil)
  }

  @Test func aPluginReadsTheIssueAndGateAndPasses() throws {
    let outcome = try plugin(
      "title-check",
      """
      input=$(cat)
      case "$input" in
        *'"key":"policy"'*'"title":"Checked issue"'*) echo '{"status": "passed", "message": "title ok", "figures": {"n": 1}}' ;;
        *) echo '{"status": "failed", "message": "unexpected input"}' ;;
      esac
      """)
    #expect(outcome.result == .passed)
    #expect(outcome.evidence.message == "title ok")
    #expect(outcome.evidence.figures?["n"] == .int(1))
    #expect(outcome.evidence.source == "plugin")
  }

  @Test func aPluginThatLogsMuchToStandardErrorStillAnswers() throws {
    // About 2.5 MiB of log on stderr, then a short answer on stdout.
    let outcome = try plugin(
      "chatty",
      """
      cat >/dev/null
      head -c 2600000 /dev/zero | tr '\\0' 'x' >&2
      echo '{"status": "passed", "message": "fine"}'
      """)
    #expect(outcome.result == .passed)
    #expect(outcome.evidence.message == "fine")
  }

  @Test func aPluginWhoseAnswerIsTooLargeIsAnError() throws {
    let outcome = try plugin("huge", "cat >/dev/null; head -c 1500000 /dev/zero | tr '\\0' ' '; echo '{}'")
    #expect(outcome.result == .error)
  }

  @Test func aPluginCanFailAGate() throws {
    let outcome = try plugin(
      "nope", "cat >/dev/null; echo '{\"status\": \"failed\", \"message\": \"policy violated\"}'")
    #expect(outcome.result == .failed)
    #expect(outcome.evidence.message == "policy violated")
  }

  @Test(arguments: [
    ("echo passed", "not a JSON object"),
    ("echo '{\"status\": \"ok\"}'", "must be \"passed\" or \"failed\""),
    ("echo '[\"passed\"]'", "not a JSON object"),
    ("echo '{\"status\": \"passed\"}'; exit 2", "exited 2"),
    ("echo '{\"message\": \"hi\"}'", "no \"status\""),
    ("sleep 30", "timed out"),
  ])
  func aPluginThatAnswersNonsenseIsAnErrorNeverAPass(script: String, expected: String) throws {
    let outcome = try plugin("bad", "cat >/dev/null; " + script, timeout: 1)
    #expect(outcome.result == .error)
    #expect(outcome.evidence.message?.contains(expected) == true, "\(outcome.evidence.message ?? "")")
  }

  @Test func aMissingPluginOrABadNameIsAnError() throws {
    for name in ["absent", "../escape", "a/b"] {
      let gate = GateDefinition(key: "policy", title: "Policy", auto: true, plugin: name)
      let outcome = GateChecker(layout: layout, environment: [:]).run(gate, for: issue, commit: nil)
      #expect(outcome.result == .error)
    }
    #expect(!GateDefinition.isValidPluginName(".."))
    #expect(!GateDefinition.isValidPluginName("x/y"))
    #expect(GateDefinition.isValidPluginName("license-check.sh"))
  }
}

extension GateCheckerTests {
  @Test func aPluginThatClosesItsInputEarlyDoesNotKillJit() throws {
    var large = issue
    large.description = String(repeating: "x", count: 400_000)
    let path = layout.pluginsDirectory + "/early"
    try FileSystem.writeAtomically(Array("#!/bin/sh\necho '{\"status\": \"passed\"}'\n".utf8), to: path)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
    let gate = GateDefinition(key: "policy", title: "Policy", auto: true, plugin: "early", timeout: 10)
    let outcome = GateChecker(layout: layout, environment: [:]).run(gate, for: large, commit: nil)
    #expect(outcome.result == .passed)
  }
}

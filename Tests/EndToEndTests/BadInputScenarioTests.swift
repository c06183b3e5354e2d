import Foundation
import JitCore
import JitTestSupport
import Testing

/// Issue 10's scenarios 9 to 15, run as written through the built `jit`, each with a deadline: what
/// used to get through (or hang, or crash) is refused with its code, one line on stderr, and
/// nothing changed.
@Suite struct BadInputScenarioTests {
  let directory: TemporaryDirectory
  let jit: String
  let environment: [String: String]

  init() throws {
    directory = try TemporaryDirectory(prefix: "jit-e2e-bad")
    jit = try BuiltBinary.path("jit")
    environment = try RepositoryStore.current.environment().merging([
      "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": directory.path,
      "JIT_ACTOR": "human:lead",
    ]) { $1 }
  }

  func run(_ arguments: [[UInt8]], timeout: Double = 15) throws -> BoundedProcess.Outcome {
    let outcome = try BoundedProcess.run(
      jit, arguments, in: directory.path,
      environment: environment.sorted { $0.key < $1.key }.map { Array("\($0.key)=\($0.value)".utf8) },
      timeout: timeout)
    #expect(
      !outcome.timedOut && outcome.signal == nil, "\(arguments.map { String(decoding: $0, as: UTF8.self) })")
    return outcome
  }

  func run(_ arguments: String..., timeout: Double = 15) throws -> BoundedProcess.Outcome {
    try run(RepositoryStore.current.arguments(arguments).map { Array($0.utf8) }, timeout: timeout)
  }

  /// Refused with `code` and exit `status`, one line on stderr, `.jit/` as it was.
  func expectRefused(
    _ arguments: [[UInt8]], code: String, status: Int32, sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let before = try snapshot()
    let outcome = try run(arguments + [Array("--json".utf8)])
    let shown = arguments.map { String(decoding: $0, as: UTF8.self) }.joined(separator: " ")
    #expect(outcome.status == status, "\(shown): \(outcome.stderrText)", sourceLocation: sourceLocation)
    #expect(
      outcome.result.errorCode == code, "\(shown): \(outcome.stdoutText)", sourceLocation: sourceLocation)
    #expect(
      outcome.stderrText.split(separator: "\n").count == 1, "\(shown): \(outcome.stderrText)",
      sourceLocation: sourceLocation)
    #expect(try snapshot() == before, "\(shown) changed .jit/", sourceLocation: sourceLocation)
  }

  func expectRefused(
    _ arguments: String..., code: String, status: Int32, sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    try expectRefused(
      arguments.map { Array($0.utf8) }, code: code, status: status, sourceLocation: sourceLocation)
  }

  /// Every committed file under `.jit/` (issues, gates, events), by path.
  func snapshot() throws -> [String: Data] {
    var files = try RepositoryStore.databaseSnapshot(
      RepositoryLayout(jitDirectory: directory.file(".jit")), environment: environment)
    let root = directory.file(".jit")
    for name in ["gates.json", "events.jsonl"] {
      files[name] = FileManager.default.contents(atPath: root + "/" + name)
    }
    for name in (try? FileManager.default.contentsOfDirectory(atPath: root + "/issues")) ?? [] {
      files["issues/" + name] = FileManager.default.contents(atPath: root + "/issues/" + name)
    }
    return files
  }

  func create(_ title: String, _ extra: String...) throws -> String {
    let words = ["issue", "create", "--title", title, "--json"] + extra
    let outcome = try run(words.map { Array($0.utf8) })
    let object = try JSONSerialization.jsonObject(with: Data(outcome.stdout)) as? [String: Any]
    return try #require(object?["id"] as? String, "\(outcome.stderrText)")
  }

  @Test func scenariosNineToFifteen() throws {
    #expect(try run("init").status == 0)
    #expect(try run("gate", "define", "ci", "--title", "CI", "--auto").status == 0)
    let id = try create("Escape & as &amp;", "--gate", "ci")

    // 9. DOT labels: what Graphviz shows is the title.
    let dot = try run("export", "--format", "dot")
    #expect(dot.status == 0)
    #expect(dot.stdoutText.contains("Escape &amp; as &amp;amp;"))
    if FileManager.default.isExecutableFile(atPath: "/usr/bin/dot") {
      let file = directory.file("graph.dot")
      try Data(dot.stdout).write(to: URL(fileURLWithPath: file))
      let plain = try BoundedProcess.run(
        "/usr/bin/dot", ["-Tplain", file], in: directory.path, environment: environment, timeout: 15)
      #expect(plain.stdoutText.contains("Escape & as &amp;"), "\(plain.stdoutText)")
    }

    // 10. gate ingest reads only regular files under the size limit, checked before reading.
    let fifo = directory.file("artifact.fifo")
    #expect(mkfifo(fifo, 0o644) == 0)
    let huge = directory.file("huge.json")
    #expect(FileManager.default.createFile(atPath: huge, contents: nil))
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: huge))
    try handle.truncate(atOffset: 3 << 30)  // 3 GB, sparse: refused by its size, never read
    try handle.close()
    for artifact in [fifo, "/dev/zero", huge] {
      let started = Date()
      try expectRefused("gate", "ingest", id, "ci", "--result", artifact, code: "INVALID_ARTIFACT", status: 2)
      #expect(Date().timeIntervalSince(started) < 5, "\(artifact)")
    }

    // 11. A timeout no clock can hold is a usage error, not a crash.
    for timeout in ["1e19", "inf", "1e400", "nan", "-1"] {
      try expectRefused(
        "events", "tail", "--follow", "--timeout", timeout, code: "INVALID_ARGUMENT", status: 2)
    }

    // 12. Text that is not UTF-8 is refused, never stored as something else.
    let invalid: [UInt8] = [0x66, 0xff, 0xfe, 0x6f]
    for option in ["--title", "--desc"] {
      try expectRefused(
        [Array("issue".utf8), Array("update".utf8), Array(id.utf8), Array(option.utf8), invalid],
        code: "INVALID_ARGUMENT", status: 2)
    }
    try expectRefused(
      [
        Array("gate".utf8), Array("define".utf8), Array("lint".utf8), Array("--title".utf8),
        Array("Lint".utf8),
        Array("--auto".utf8), Array("--command".utf8), invalid,
      ],
      code: "INVALID_ARGUMENT", status: 2)

    // 13. An empty or dangling filter claims nothing.
    for filter in ["", "priority:high|", "|", "state:"] {
      try expectRefused(
        "issue", "claim-next", "--filter", filter, "--to", "agent:a", code: "INVALID_FILTER", status: 2)
    }

    // 14. events query checks actors and ids as every other command does.
    try expectRefused("events", "query", "--by", "a b:c", code: "INVALID_ACTOR", status: 2)
    try expectRefused("events", "query", "--assignee", "agent:a b", code: "INVALID_ACTOR", status: 2)
    try expectRefused("events", "query", "--issue", "ZZZZZZZZ", code: "ISSUE_NOT_FOUND", status: 3)
    try expectRefused("events", "query", "--issue", "IL0U", code: "INVALID_ID", status: 2)

    // 15. A newline in an id or an actor stays on the one stderr line, shown escaped.
    try expectRefused("issue", "show", "ABCD\nEFGH", code: "INVALID_ID", status: 2)
    try expectRefused("issue", "claim", id, "--to", "agent:a\nb", code: "INVALID_ACTOR", status: 2)
    let escaped = try run("issue", "show", "ABCD\nEFGH")
    #expect(escaped.stderrText.contains("\\n"))
  }

  /// An issue file this user may not read does not stop the readers: it is passed over, named.
  @Test(.enabled(if: RepositoryStore.onFiles)) func anUnreadableIssueFileIsPassedOver() throws {
    let asRoot = geteuid() == 0
    let setpriv = "/usr/bin/setpriv"
    if asRoot && !FileManager.default.isExecutableFile(atPath: setpriv) {
      Issue.record("running as root without setpriv: an unreadable file cannot be made here")
      return
    }
    #expect(try run("init").status == 0)
    let hidden = try create("hidden")
    _ = try create("visible")
    #expect(chmod(directory.path, 0o755) == 0)
    _ = try BoundedProcess.run(
      "/bin/chmod", ["-R", "a+rwX", directory.file(".jit")], in: directory.path, environment: [:], timeout: 10
    )
    #expect(chmod(directory.file(".jit/issues/\(hidden).json"), asRoot ? 0o600 : 0o000) == 0)
    func asUser(_ arguments: [String]) throws -> BoundedProcess.Outcome {
      let (executable, words) =
        asRoot
        ? (setpriv, ["--reuid=65534", "--regid=65534", "--clear-groups", jit] + arguments) : (jit, arguments)
      return try BoundedProcess.run(
        executable, words, in: directory.path, environment: environment.merging(["HOME": "/tmp"]) { $1 },
        timeout: 15)
    }
    let listed = try asUser(["issue", "list", "--json"])
    #expect(listed.status == 0, "\(listed.stderrText)")
    #expect(listed.stdoutText.contains("visible") && !listed.stdoutText.contains("hidden"))
    #expect(listed.stderrText.contains("permission denied"))
    let report = try asUser(["validate", "--json"])
    #expect(report.status == 4)
    #expect(report.stdoutText.contains("UNREADABLE"))
  }
}

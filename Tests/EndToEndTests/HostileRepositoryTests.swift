import Foundation
import JitCore
import JitTestSupport
import Testing

/// What git can bring into `.jit/` (a conflicted merge, a committed symlink) and what a checkout
/// can be (read-only), run through the built binary: readers go on and warn, `validate` reports,
/// nothing hangs or crashes.
@Suite struct HostileRepositoryTests {
  static let environment = ["JIT_ACTOR": "agent:t", "PATH": "/usr/bin:/bin", "USER": "t"]
  static let plain = environment.merging(["JIT_NO_INDEX": "1"]) { $1 }

  func git(_ arguments: [String], in directory: String, allowFailure: Bool = false) throws {
    let result = try BoundedProcess.run(
      "/usr/bin/git", ["-c", "user.email=t@t", "-c", "user.name=t"] + arguments, in: directory,
      environment: ["PATH": "/usr/bin:/bin", "HOME": directory], timeout: 60)
    guard result.status == 0 || allowFailure else {
      throw HarnessError("git \(arguments): \(result.stderrText)")
    }
  }

  func jit(
    _ arguments: [String], in directory: String, environment: [String: String] = Self.environment
  ) throws -> BoundedProcess.Outcome {
    let outcome = try BoundedProcess.run(
      try BuiltBinary.path("jit"), arguments, in: directory, environment: environment, timeout: 20)
    #expect(!outcome.timedOut, "jit \(arguments) hung")
    #expect(outcome.signal == nil, "jit \(arguments) died of signal \(outcome.signal ?? 0)")
    return outcome
  }

  func id(_ outcome: BoundedProcess.Outcome) throws -> String {
    let object = try JSONSerialization.jsonObject(with: Data(outcome.stdout)) as? [String: Any]
    return try #require(object?["id"] as? String, "\(outcome.stderrText)")
  }

  /// Scenario 6: a real merge leaves conflict markers in one issue file.
  @Test func aConflictedMergeStopsNothingButThatIssue() throws {
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/git") else {
      Issue.record("git is not installed")
      return
    }
    let directory = try TemporaryDirectory(prefix: "jit-conflict")
    let root = directory.path
    try git(["init", "-q", "-b", "main"], in: root)
    #expect(try jit(["init"], in: root).status == 0)
    // A clone that never configured jit's merge driver (git runs only drivers a clone configured):
    // git merges the issue files as text, and a conflict leaves markers.
    try git(["config", "--remove-section", "merge.jit"], in: root)
    let work = try id(try jit(["issue", "create", "--title", "work", "--json"], in: root))
    let contested = try id(try jit(["issue", "create", "--title", "contested", "--json"], in: root))
    let waiting = try id(
      try jit(
        ["issue", "create", "--title", "waits", "--priority", "high", "--dep", contested, "--json"], in: root)
    )
    // Its prerequisite is done, so the urgent issue that waits on it is ready, and first in line.
    #expect(try jit(["issue", "claim", contested], in: root).status == 0)
    #expect(try jit(["issue", "complete", contested], in: root).status == 0)
    let ready = try jit(["query", "ready", "--json"], in: root).stdoutText
    #expect(ready.contains(waiting))
    try git(["add", "-A"], in: root)
    try git(["commit", "-qm", "tracker"], in: root)
    try git(["checkout", "-qb", "other"], in: root)
    #expect(try jit(["issue", "update", contested, "--title", "theirs"], in: root).status == 0)
    try git(["commit", "-qam", "theirs"], in: root)
    try git(["checkout", "-q", "main"], in: root)
    #expect(try jit(["issue", "update", contested, "--title", "ours"], in: root).status == 0)
    try git(["commit", "-qam", "ours"], in: root)
    try git(["merge", "-q", "other"], in: root, allowFailure: true)
    let file = ".jit/issues/\(contested).json"
    let text = try String(contentsOfFile: root + "/" + file, encoding: .utf8)
    #expect(text.contains("<<<<<<<"), "the merge did not conflict: \(text)")
    // Every reader goes on, with one warning naming the file and how to fix it.
    for environment in [Self.environment, Self.plain] {
      for command in [
        ["status"], ["issue", "list"], ["query", "ready"], ["query", "blocked"], ["graph", "roots"],
        ["export", "--format", "mermaid"],
      ] {
        let outcome = try jit(command + ["--json"], in: root, environment: environment)
        #expect(outcome.status == 0, "\(command): \(outcome.stderrText)")
        #expect(outcome.stderrText.contains("jit: warning: skipped \(file)"), "\(command)")
        #expect(outcome.stderrText.contains("conflict markers"), "\(command)")
        #expect(outcome.stderrText.split(separator: "\n").count == 1, "\(command): \(outcome.stderrText)")
        #expect(throws: Never.self) { try JSONSerialization.jsonObject(with: Data(outcome.stdout)) }
      }
    }
    // The issue itself is refused where it is acted on; the others are not.
    let shown = try jit(["issue", "show", contested, "--json"], in: root)
    #expect(shown.status == 1)
    #expect(shown.result.errorCode == "CORRUPT_FILE")
    #expect(try jit(["issue", "claim", contested, "--json"], in: root).result.errorCode == "CORRUPT_FILE")
    #expect(try jit(["issue", "dep", "add", work, "--on", contested], in: root).status == 1)
    // claim-next takes the other work, never the issue that waits on the conflicted one.
    let claimed = try jit(["issue", "claim-next", "--json"], in: root)
    #expect(claimed.status == 0, "\(claimed.stderrText)")
    #expect(try id(claimed) == work)
    let next = try jit(["issue", "claim-next", "--json"], in: root)
    #expect(next.result.errorCode == "NO_READY_ISSUE")
    // Its detail depends on the conflicted file (why it is blocked): refused, naming that file.
    let dependent = try jit(["issue", "show", waiting, "--json"], in: root)
    #expect(dependent.result.errorCode == "CORRUPT_FILE")
    #expect(dependent.stderrText.contains(file))
    #expect(try jit(["issue", "create", "--title", "new work"], in: root).status == 0)
    let report = try jit(["validate", "--json"], in: root)
    #expect(report.status == 4)
    #expect(report.stdoutText.contains("PARSE_ERROR") && report.stdoutText.contains(file))
    // Resolved: everything answers again, without warnings.
    try git(["checkout", "--theirs", file], in: root)
    let resolved = try jit(["issue", "list", "--json"], in: root)
    #expect(resolved.status == 0)
    #expect(resolved.stderr.isEmpty, "\(resolved.stderrText)")
  }

  /// Scenario 16: a committed symlink to /dev/zero and one out of the repository, a FIFO.
  @Test func committedSymlinksAndAFifoArePassedOver() throws {
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/git") else {
      Issue.record("git is not installed")
      return
    }
    let directory = try TemporaryDirectory(prefix: "jit-links")
    let origin = directory.file("origin")
    try FileManager.default.createDirectory(atPath: origin, withIntermediateDirectories: true)
    try git(["init", "-q", "-b", "main"], in: origin)
    #expect(try jit(["init"], in: origin).status == 0)
    let work = try id(try jit(["issue", "create", "--title", "work", "--json"], in: origin))
    let secret = directory.file("secret.json")
    try Data("{\"id\": \"01JXT21Q00RCK24BMW01MTYN63\", \"title\": \"secret\"}".utf8)
      .write(to: URL(fileURLWithPath: secret))
    let zero = ".jit/issues/01JXT21Q00RCK24BMW01MTYN62.json"
    let outside = ".jit/issues/01JXT21Q00RCK24BMW01MTYN63.json"
    try FileManager.default.createSymbolicLink(atPath: origin + "/" + zero, withDestinationPath: "/dev/zero")
    try FileManager.default.createSymbolicLink(atPath: origin + "/" + outside, withDestinationPath: secret)
    try git(["add", "-A"], in: origin)
    try git(["commit", "-qm", "links"], in: origin)
    let clone = directory.file("clone")
    try git(["clone", "-q", origin, clone], in: directory.path)
    let fifo = ".jit/issues/01JXT21Q00RCK24BMW01MTYN64.json"
    #expect(mkfifo(clone + "/" + fifo, 0o644) == 0)
    for environment in [Self.environment, Self.plain] {
      for command in [["issue", "list"], ["query", "ready"], ["status"], ["graph", "roots"]] {
        let outcome = try jit(command + ["--json"], in: clone, environment: environment)
        #expect(outcome.status == 0, "\(command): \(outcome.stderrText)")
        for path in [zero, outside, fifo] {
          #expect(outcome.stderrText.contains("skipped \(path)"), "\(command) \(path)")
        }
        #expect(!outcome.stdoutText.contains("secret"))
      }
    }
    let created = try jit(["issue", "create", "--title", "more", "--json"], in: clone)
    #expect(created.status == 0, "\(created.stderrText)")
    let claimed = try jit(["issue", "claim-next", "--json"], in: clone)
    #expect(try id(claimed) == work)
    let report = try jit(["validate", "--json"], in: clone)
    #expect(report.status == 4)
    let object = try JSONSerialization.jsonObject(with: Data(report.stdout)) as? [String: Any]
    let diagnostics = object?["diagnostics"] as? [[String: Any]] ?? []
    for path in [zero, outside, fifo] {
      #expect(
        diagnostics.contains { ($0["code"] as? String) == "SPECIAL_FILE" && ($0["path"] as? String) == path })
    }
    // A writer is not held up by a reader stuck on the FIFO: there is no such reader.
    let writer = try jit(["issue", "create", "--title", "while listing"], in: clone)
    #expect(writer.status == 0)
  }

  /// Scenario 16: a read-only `.jit/`. As root, chmod stops nothing, so the commands run as
  /// `nobody` (through setpriv) over a tree only root may write.
  @Test func aReadOnlyCheckoutCanBeReadButNotWritten() throws {
    let directory = try TemporaryDirectory(prefix: "jit-readonly")
    let root = directory.path
    #expect(try jit(["init"], in: root).status == 0)
    let first = try id(try jit(["issue", "create", "--title", "first", "--json"], in: root))
    _ = try jit(["issue", "create", "--title", "second", "--dep", first], in: root)
    #expect(try jit(["status"], in: root).status == 0)  // the index exists
    // Without the lock file and the cache too, as a fresh read-only checkout has them.
    // Copied beside the repository, not into it (a copy into itself never ends).
    let copies = try TemporaryDirectory(prefix: "jit-readonly-copy")
    let bare = copies.file("bare")
    try FileManager.default.copyItem(atPath: root, toPath: bare)
    try? FileManager.default.removeItem(atPath: bare + "/.jit/cache")
    try? FileManager.default.removeItem(atPath: bare + "/.jit/.lock")
    let asRoot = geteuid() == 0
    let setpriv = "/usr/bin/setpriv"
    if asRoot && !FileManager.default.isExecutableFile(atPath: setpriv) {
      Issue.record("running as root without setpriv: a read-only .jit/ cannot be made here")
      return
    }
    for tree in [root, bare] {
      #expect(chmod(directory.path, 0o755) == 0 && chmod(copies.path, 0o755) == 0 && chmod(tree, 0o755) == 0)
      #expect(
        try BoundedProcess.run(
          "/bin/chmod", ["-R", "a-w", tree + "/.jit"], in: root, environment: [:], timeout: 10
        ).status == 0)
      defer {
        _ = try? BoundedProcess.run(
          "/bin/chmod", ["-R", "u+w", tree + "/.jit"], in: root, environment: [:], timeout: 10)
      }
      for environment in [Self.environment, Self.plain] {
        func run(_ arguments: [String]) throws -> BoundedProcess.Outcome {
          let jit = try BuiltBinary.path("jit")
          let (executable, words) =
            asRoot
            ? (setpriv, ["--reuid=65534", "--regid=65534", "--clear-groups", jit] + arguments)
            : (jit, arguments)
          let outcome = try BoundedProcess.run(
            executable, words, in: tree, environment: environment, timeout: 20)
          #expect(!outcome.timedOut && outcome.signal == nil, "\(arguments)")
          return outcome
        }
        for command in [
          ["issue", "list"], ["issue", "show", first], ["query", "ready"], ["status"], ["validate"],
        ] {
          let outcome = try run(command + ["--json"])
          #expect(outcome.status == 0, "\(tree) \(command): \(outcome.stderrText)")
          #expect(outcome.stderr.isEmpty, "\(command): \(outcome.stderrText)")
        }
        let listed = try JSONSerialization.jsonObject(
          with: Data(try run(["issue", "list", "--json"]).stdout))
        #expect((listed as? [Any])?.count == 2)
        let before = try snapshot(tree)
        let write = try run(["issue", "create", "--title", "refused", "--json"])
        #expect(write.status == 1)
        #expect(write.result.errorCode == "IO_ERROR")
        #expect(write.stderrText.contains("cannot be written"), "\(write.stderrText)")
        #expect(try snapshot(tree) == before)
      }
    }
  }

  /// Bytes that are not UTF-8, in an argument or in a variable jit reads, are refused before
  /// anything is read or written (they were read with U+FFFD in their place).
  @Test(arguments: [
    "JIT_ACTOR", "JIT_DIR", "JIT_LOCK_TIMEOUT", "JIT_NO_INDEX", "USER", "LOGNAME", "argument",
  ])
  func textThatIsNotUTF8IsAnInvalidArgument(_ place: String) throws {
    let directory = try TemporaryDirectory(prefix: "jit-utf8")
    #expect(try jit(["init"], in: directory.path).status == 0)
    let before = try snapshot(directory.path)
    var environment = Self.environment.filter { $0.key != place }
      .map { Array("\($0.key)=\($0.value)".utf8) }
    var words = [Array("issue".utf8), Array("create".utf8), Array("--title".utf8), Array("fine".utf8)]
    if place == "argument" {
      words[3] = Array("caf".utf8) + [0xE9]  // Latin-1, not UTF-8
    } else {
      environment.append(Array("\(place)=".utf8) + [0x61, 0xFF, 0x62])
    }
    let outcome = try BoundedProcess.run(
      try BuiltBinary.path("jit"), words + [Array("--json".utf8)], in: directory.path,
      environment: environment, timeout: 20)
    #expect(outcome.status == 2, "\(place): \(outcome.stderrText)")
    #expect(outcome.result.errorCode == "INVALID_ARGUMENT")
    #expect(outcome.stderrText.contains(place == "argument" ? "argument 4" : place))
    #expect(try snapshot(directory.path) == before)
  }

  /// Every file under `.jit/issues/` and the log, with its content.
  func snapshot(_ tree: String) throws -> [String: Data] {
    var files: [String: Data] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: tree + "/.jit/issues") {
      files[name] = FileManager.default.contents(atPath: tree + "/.jit/issues/" + name)
    }
    files["events.jsonl"] = FileManager.default.contents(atPath: tree + "/.jit/events.jsonl")
    return files
  }
}

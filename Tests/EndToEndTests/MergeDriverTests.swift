import Foundation
import JitCore
import JitTestSupport
import Testing

/// Merges keep working (issue 10): real `git merge`s of two branches that changed the same
/// tracker, with the driver `jit init` configures, run by the built `jit` found on the PATH.
@Suite struct MergeDriverTests {
  /// A git repository with a tracker, driven through the real binaries.
  struct Clone {
    let directory: TemporaryDirectory
    let jit: String
    let environment: [String: String]
    var root: String { directory.file("repo") }

    init(plain: Bool = false) throws {
      jit = try BuiltBinary.path("jit")
      directory = try TemporaryDirectory(prefix: "jit-merge")
      let binaries = URL(fileURLWithPath: jit).deletingLastPathComponent().path
      var environment = [
        "JIT_ACTOR": "human:t", "USER": "t", "HOME": directory.path, "PATH": "\(binaries):/usr/bin:/bin",
        "GIT_CONFIG_NOSYSTEM": "1",
      ]
      if plain { environment["JIT_NO_INDEX"] = "1" }
      self.environment = environment
      try FileManager.default.createDirectory(
        atPath: directory.file("repo"), withIntermediateDirectories: true)
      try git("init", "-q", "-b", "main")
      try jit(["init"])
    }

    @discardableResult
    func git(_ arguments: String...) throws -> CommandResult {
      let result = try BuiltBinary.run(
        "/usr/bin/git", ["-c", "user.email=t@t", "-c", "user.name=t"] + arguments, in: root,
        environment: environment)
      guard result.status == 0 else {
        throw HarnessError("git \(arguments): \(result.stdout) \(result.stderr)")
      }
      return result
    }

    func run(_ arguments: [String]) throws -> CommandResult {
      try BuiltBinary.run(jit, arguments, in: root, environment: environment)
    }

    /// Runs jit and requires success.
    @discardableResult
    func jit(_ arguments: [String]) throws -> CommandResult {
      let result = try run(arguments)
      guard result.status == 0 else {
        throw HarnessError("jit \(arguments) exited \(result.status): \(result.stdout) \(result.stderr)")
      }
      return result
    }

    func create(_ title: String, _ extra: String...) throws -> String {
      guard
        let id = try jit(["issue", "create", "--title", title, "--json"] + extra).object()["id"] as? String
      else { throw HarnessError("no id") }
      return id
    }

    func ids(_ arguments: String...) throws -> Set<String> {
      Set(try jit(arguments + ["--json"]).array().compactMap { $0["id"] as? String })
    }

    func commit(_ message: String) throws {
      try git("add", "-A")
      try git("commit", "-qm", message)
    }

    /// Every file git tracks under `.jit/`, searched for conflict markers.
    func markers() throws -> [String] {
      let files = try git("ls-files", ".jit").stdout.split(separator: "\n").map(String.init)
      return try files.filter { path in
        let text = try String(contentsOfFile: root + "/" + path, encoding: .utf8)
        return text.contains("<<<<<<<") || text.contains(">>>>>>>")
      }
    }
  }

  static var hasGit: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/git") }

  /// Scenario 7: branch x reopens done issue A; branch y creates E depending on A (ready there).
  /// After the merge, `query ready` must not hand out E, which `query blocked` lists and `claim`
  /// refuses; the next write leaves E's file saying backlog. (Without the post-merge hook `jit init`
  /// installs, which would correct it at once: the next test.)
  @Test(arguments: [false, true]) func aMergedDependentOfAReopenedIssueIsBlockedNotReady(plain: Bool) throws {
    guard Self.hasGit else { return }
    let clone = try Clone(plain: plain)
    try FileManager.default.removeItem(atPath: clone.root + "/.git/hooks/post-merge")
    let a = try clone.create("A")
    try clone.jit(["issue", "claim", a, "--to", "agent:w"])
    try clone.jit(["issue", "complete", a, "--by", "agent:w"])
    try clone.commit("A done")
    try clone.git("checkout", "-qb", "y")
    let e = try clone.create("E", "--dep", a)
    #expect(try clone.ids("query", "ready") == [e], "E is ready on branch y")
    try clone.commit("E")
    try clone.git("checkout", "-q", "main")
    try clone.git("checkout", "-qb", "x")
    try clone.jit(["issue", "reopen", a])
    try clone.commit("reopen A")
    try clone.git("merge", "-q", "--no-edit", "y")
    #expect(try clone.markers().isEmpty)

    let ready = try clone.ids("query", "ready")
    let blocked = try clone.jit(["query", "blocked", "--json"]).array()
    #expect(!ready.contains(e), "a dispatcher polling query ready is not handed E")
    #expect(ready.isDisjoint(with: blocked.compactMap { $0["id"] as? String }))
    let waiting = blocked.first { $0["id"] as? String == e }
    let on = ((waiting?["blocked_by"] as? [String: Any])?["dependencies"] as? [[String: Any]])?.first
    #expect(on?["id"] as? String == a, "E waits on A")
    let claim = try clone.run(["issue", "claim", e, "--to", "agent:w", "--json"])
    #expect(claim.status == 4)
    #expect(claim.errorCode == "NOT_READY")
    #expect(
      try clone.run(["issue", "claim-next", "--to", "agent:d", "--json"]).object()["id"] as? String == a)
    #expect(try clone.jit(["status", "--json"]).object()["ready"] as? Int == 0)

    // The claim-next was a write: it corrected E's stored state, with an event saying why.
    let file = try String(contentsOfFile: clone.root + "/.jit/issues/\(e).json", encoding: .utf8)
    #expect(file.contains("\"state\" : \"backlog\""))
    let log = try String(contentsOfFile: clone.root + "/.jit/events.jsonl", encoding: .utf8)
    #expect(log.contains(Tracker.rederivedReason))
    let validate = try clone.run(["validate", "--json"])
    #expect(validate.status == 0, "\(validate.stdout)")
  }

  /// With the hook `jit init` installs, the merge itself corrects E's file (`validate --fix`), so
  /// `validate` is clean right after it.
  @Test func thePostMergeHookCorrectsDerivedStatesAtOnce() throws {
    guard Self.hasGit else { return }
    let clone = try Clone()
    #expect(FileManager.default.isExecutableFile(atPath: clone.root + "/.git/hooks/post-merge"))
    let a = try clone.create("A")
    try clone.jit(["issue", "claim", a, "--to", "agent:w"])
    try clone.jit(["issue", "complete", a, "--by", "agent:w"])
    try clone.commit("A done")
    try clone.git("checkout", "-qb", "y")
    let e = try clone.create("E", "--dep", a)
    try clone.commit("E")
    try clone.git("checkout", "-q", "main")
    try clone.jit(["issue", "reopen", a])
    try clone.commit("reopen A")
    try clone.git("merge", "-q", "--no-edit", "y")
    let file = try String(contentsOfFile: clone.root + "/.jit/issues/\(e).json", encoding: .utf8)
    #expect(file.contains("\"state\" : \"backlog\""))
    let validate = try clone.run(["validate", "--json"])
    #expect(validate.status == 0)
    #expect((try validate.object()["diagnostics"] as? [[String: Any]])?.isEmpty == true)
    #expect(try clone.ids("query", "blocked") == [e])
  }

  /// Two branches change the same issues (titles, priorities, states, gates, dependencies) and the
  /// registry; with the driver the merge has no markers, every command works, and validate reports
  /// exactly the one true conflict.
  @Test(arguments: [false, true]) func aMergeOfTwoBranchesThatChangedTheSameIssuesKeepsEverythingWorking(
    plain: Bool
  ) throws {
    guard Self.hasGit else { return }
    let clone = try Clone(plain: plain)
    try clone.jit(["gate", "define", "review", "--title", "Review"])
    try clone.jit(["gate", "define", "tests", "--title", "Tests", "--auto"])
    let p = try clone.create("P")
    let q = try clone.create("Q")
    let r = try clone.create("R")
    let s = try clone.create("S", "--gate", "tests")
    try clone.commit("tracker")

    try clone.git("checkout", "-qb", "x")
    try clone.jit(["issue", "update", p, "--title", "P as x sees it"])
    try clone.jit(["issue", "dep", "add", q, "--on", r])
    try clone.jit(["gate", "add", p, "tests"])
    try clone.jit(["gate", "define", "lint", "--title", "Lint", "--auto"])
    try clone.jit(["issue", "claim", r, "--to", "agent:x"])
    try clone.jit(["gate", "fail", s, "tests", "--by", "ci:x"])
    try clone.commit("x")

    try clone.git("checkout", "-q", "main")
    try clone.git("checkout", "-qb", "y")
    try clone.jit(["issue", "update", p, "--title", "P as y sees it"])
    try clone.jit(["issue", "dep", "add", q, "--on", p])
    try clone.jit(["gate", "add", p, "review"])
    try clone.jit(["issue", "update", q, "--priority", "high", "--context", "epic=auth"])
    try clone.jit(["gate", "define", "docs", "--title", "Docs"])
    try clone.jit(["issue", "claim", p, "--to", "agent:y"])
    try clone.jit(["gate", "pass", s, "tests", "--by", "ci:y"])  // later than x's failure
    try clone.commit("y")

    try clone.git("checkout", "-q", "x")
    try clone.git("merge", "-q", "--no-edit", "y")
    #expect(try clone.markers().isEmpty)

    let show = { (id: String) in try clone.jit(["issue", "show", id, "--json"]).object() }
    let merged = try show(p)
    #expect(merged["title"] as? String == "P as y sees it", "the later side's title")
    #expect(Set(merged["gates_required"] as? [String] ?? []) == ["tests", "review"], "both gates")
    #expect(merged["state"] as? String == "in_progress")
    #expect(merged["assignee"] as? String == "agent:y")
    let qMerged = try show(q)
    #expect(Set(qMerged["dependencies"] as? [String] ?? []) == [p, r], "the union of dependencies")
    #expect(qMerged["priority"] as? String == "high")
    #expect(try show(r)["assignee"] as? String == "agent:x")
    let tests = (try show(s)["gates_status"] as? [String: Any])?["tests"] as? [String: Any]
    #expect(tests?["status"] as? String == "passed", "the later gate result")
    #expect(tests?["updated_by"] as? String == "ci:y")
    let gates = try clone.jit(["gate", "list", "--json"]).array().compactMap { $0["key"] as? String }
    #expect(Set(gates) == ["review", "tests", "lint", "docs"])

    for command in [
      ["status"], ["issue", "list"], ["query", "ready"], ["query", "blocked"], ["graph", "roots"],
    ] {
      #expect(try clone.run(command + ["--json"]).status == 0, "\(command)")
    }
    let ready = try clone.ids("query", "ready")
    let blocked = try clone.ids("query", "blocked")
    #expect(ready.isDisjoint(with: blocked))
    #expect(blocked == [q], "Q waits on P and R, both in progress")
    #expect(ready == [s])

    let report = try clone.run(["validate", "--json"])
    #expect(report.status == 0, "a recorded conflict is a warning: \(report.stdout)")
    let diagnostics = try report.object()["diagnostics"] as? [[String: Any]] ?? []
    #expect(diagnostics.map { $0["code"] as? String } == ["MERGE_CONFLICT"])
    let conflict = diagnostics.first?["conflict"] as? [String: Any]
    #expect(conflict?["field"] as? String == "title")
    #expect(conflict?["ours"] as? String == "P as x sees it")
    #expect(conflict?["theirs"] as? String == "P as y sees it")

    // Settling it clears the report; work goes on.
    try clone.jit(["issue", "update", p, "--resolve", "title"])
    let clean = try clone.run(["validate", "--json"])
    #expect((try clean.object()["diagnostics"] as? [[String: Any]])?.isEmpty == true)
    #expect(
      try clone.jit(["issue", "claim-next", "--to", "agent:z", "--json"]).object()["id"] as? String == s)
    #expect(
      try clone.run(["issue", "claim-next", "--to", "agent:z", "--json"]).errorCode == "NO_READY_ISSUE")
  }

  /// A clone without the driver configured gets markers from a text merge; `jit merge-file` run by
  /// hand on git's three stages (as docs/format.md says) makes a valid file of them.
  @Test func withoutTheDriverMergeFileRepairsTheMarkersByHand() throws {
    guard Self.hasGit else { return }
    let clone = try Clone()
    try clone.git("config", "--remove-section", "merge.jit")  // as in a fresh clone
    let p = try clone.create("P")
    try clone.commit("P")
    try clone.git("checkout", "-qb", "x")
    try clone.jit(["issue", "update", p, "--title", "P on x"])
    try clone.commit("x")
    try clone.git("checkout", "-q", "main")
    try clone.jit(["issue", "update", p, "--title", "P on main"])
    try clone.commit("main")
    let merge = try BuiltBinary.run(
      "/usr/bin/git", ["-c", "user.email=t@t", "-c", "user.name=t", "merge", "-q", "x"], in: clone.root,
      environment: clone.environment)
    #expect(merge.status != 0, "a text conflict")
    #expect(Set(try clone.markers()) == [".jit/issues/\(p).json"])
    #expect(try clone.run(["validate", "--json"]).status == 4)
    let path = ".jit/issues/\(p).json"
    for (stage, name) in [(1, "base"), (2, "ours"), (3, "theirs")] {
      let text = try clone.git("show", ":\(stage):\(path)").stdout
      try text.write(toFile: clone.root + "/" + name, atomically: true, encoding: .utf8)
    }
    try clone.jit(["merge-file", "base", "ours", "theirs"])
    try FileManager.default.removeItem(atPath: clone.root + "/" + path)
    try FileManager.default.moveItem(atPath: clone.root + "/ours", toPath: clone.root + "/" + path)
    let report = try clone.run(["validate", "--json"])
    #expect(report.status == 0, "\(report.stdout)")
    let codes = (try report.object()["diagnostics"] as? [[String: Any]])?.compactMap { $0["code"] as? String }
    #expect(codes == ["MERGE_CONFLICT"])
    #expect(try clone.jit(["issue", "show", p, "--json"]).object()["title"] as? String == "P on main")
  }

  @Test func initTwiceKeepsOneSetOfAttributesAndConfiguresGit() throws {
    guard Self.hasGit else { return }
    let clone = try Clone()
    let attributes = clone.root + "/.gitattributes"
    var text = try String(contentsOfFile: attributes, encoding: .utf8)
    try (text + "*.png binary\n").write(toFile: attributes, atomically: true, encoding: .utf8)
    let again = try clone.jit(["init", "--json"]).object()
    let setup = again["merge_driver"] as? [String: Any]
    #expect(setup?["attributes_added"] as? [String] == [])
    #expect(setup?["git_config"] as? String == "already_configured")
    #expect(setup?["post_merge_hook"] as? String == "present", "the hook is never written twice")
    text = try String(contentsOfFile: attributes, encoding: .utf8)
    for line in MergeAttributes.lines {
      #expect(text.components(separatedBy: "\n").filter { $0 == line }.count == 1, "\(line)")
    }
    #expect(text.contains("*.png binary"))
    #expect(try clone.git("config", "--get", "merge.jit.driver").stdout == "jit merge-file %O %A %B\n")
    #expect(try clone.git("check-attr", "merge", ".jit/issues/X.json").stdout.contains("merge: jit"))
  }

  @Test func initLeavesAPostMergeHookItDidNotWriteAlone() throws {
    guard Self.hasGit else { return }
    let jit = try BuiltBinary.path("jit")
    let directory = try TemporaryDirectory(prefix: "jit-merge-hook")
    let environment = ["PATH": "/usr/bin:/bin", "HOME": directory.path, "JIT_ACTOR": "human:t"]
    #expect(
      try BuiltBinary.run("/usr/bin/git", ["init", "-q"], in: directory.path, environment: environment).status
        == 0)
    let hook = directory.file(".git/hooks/post-merge")
    let mine = "#!/bin/sh\necho mine\n"
    try mine.write(toFile: hook, atomically: true, encoding: .utf8)
    let result = try BuiltBinary.run(jit, ["init", "--json"], in: directory.path, environment: environment)
    #expect(
      (try result.object()["merge_driver"] as? [String: Any])?["post_merge_hook"] as? String == "present")
    #expect(try String(contentsOfFile: hook, encoding: .utf8) == mine)
  }

  @Test func badInputToMergeFileIsRefusedAndLeavesOursUntouched() throws {
    let jit = try BuiltBinary.path("jit")
    let directory = try TemporaryDirectory(prefix: "jit-merge-file")
    let ours = directory.file("ours")
    let garbage = Array("<<<<<<< HEAD\nnot json\n>>>>>>> y\n".utf8)
    try Data(garbage).write(to: URL(fileURLWithPath: ours))
    try Data("also not json".utf8).write(to: URL(fileURLWithPath: directory.file("theirs")))
    let environment = ["PATH": "/usr/bin:/bin"]
    for arguments in [
      ["merge-file", "base", "ours", "missing"], ["merge-file", "base", "ours", "theirs"],
      ["merge-file", "base", "missing", "theirs"],
    ] {
      let result = try BuiltBinary.run(
        jit, arguments + ["--json"], in: directory.path, environment: environment)
      #expect(result.status == 1, "\(arguments)")
      #expect(result.errorCode == "MERGE_FAILED", "\(arguments): \(result.stdout)")
      #expect(result.stderr.hasPrefix("jit: error: "))
      #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: ours))) == garbage, "ours untouched")
    }
    let usage = try BuiltBinary.run(
      jit, ["merge-file", "ours"], in: directory.path, environment: environment)
    #expect(usage.status == 2)
  }
}

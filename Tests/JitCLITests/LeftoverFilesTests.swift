import Foundation
import JitCore
import JitTestSupport
import Testing

/// What dead writers and hostile files leave under `.jit/` does not stop, hang or fool commands.
@Suite(.enabled(if: RepositoryStore.onFiles, "the file store's own files"))
struct LeftoverFilesTests {
  @Test(arguments: ["a.tmp", "01JXT21Q00RCK24BMW01MTYN61.json.tmp", "x.json.4242.17.tmp"])
  func temporaryFilesOfDeadWritersAreRemovedWithTheIndexOn(_ name: String) throws {
    let repo = try TemporaryRepository()
    _ = try repo.create("one")
    #expect(repo.run("status").status == 0)  // the index is built
    let path = repo.layout.issuesDirectory + "/" + name
    FileManager.default.createFile(atPath: path, contents: Data("junk".utf8))
    #expect(repo.run("status", "--json").status == 0)
    #expect(!FileManager.default.fileExists(atPath: path), "\(name) is still there")
    let report = try repo.run("validate", "--json").object()
    #expect((report["warnings"] as? Int) == 0)
  }

  @Test(arguments: ["", "garbage\n", "jit-journal 1 12 34\nfile 99 issues/X.json\nshort"])
  func aJournalThatDoesNotParseIsSetAsideAndReported(_ content: String) throws {
    let repo = try TemporaryRepository()
    _ = try repo.create("one")
    try FileManager.default.createDirectory(
      atPath: repo.layout.runDirectory, withIntermediateDirectories: true)
    let journal = repo.layout.runDirectory + "/journal"
    FileManager.default.createFile(atPath: journal, contents: Data(content.utf8))
    let ready = repo.run("query", "ready", "--json")
    #expect(ready.status == 0, "\(ready.stderr)")
    #expect(try ready.array().count == 1)
    #expect(!FileManager.default.fileExists(atPath: journal))
    let report = try repo.run("validate", "--json").object()
    let diagnostics = report["diagnostics"] as? [[String: Any]] ?? []
    #expect(
      diagnostics.contains {
        ($0["path"] as? String) == ".jit/run/journal.unreadable" && ($0["code"] as? String) == "UNREADABLE"
      })
  }

  @Test func aFifoInTheLogsPlaceIsRefusedAtOnceAndNothingIsWritten() throws {
    let repo = try TemporaryRepository()
    try FileManager.default.removeItem(atPath: repo.layout.eventsFile)
    #expect(mkfifo(repo.layout.eventsFile, 0o644) == 0)
    let started = Date()
    let result = repo.run("issue", "create", "--title", "never", "--json")
    #expect(Date().timeIntervalSince(started) < 5)
    #expect(result.status == 1)
    #expect(result.errorCode == "IO_ERROR")
    let files = try FileManager.default.contentsOfDirectory(atPath: repo.layout.issuesDirectory)
    #expect(files.filter { $0.hasSuffix(".json") }.isEmpty)
  }

  /// A committed `events.jsonl` that links out of the repository (to `~/.bashrc`, say) is never
  /// appended to or read; one that links inside it is followed.
  @Test func anEventLogLinkedOutOfTheRepositoryIsNeitherWrittenNorRead() throws {
    let repo = try TemporaryRepository()
    let outside = try TemporaryDirectory()
    let target = outside.file("bashrc")
    try Data("alias ls='ls -la'\n".utf8).write(to: URL(fileURLWithPath: target))
    try FileManager.default.removeItem(atPath: repo.layout.eventsFile)
    try FileManager.default.createSymbolicLink(atPath: repo.layout.eventsFile, withDestinationPath: target)
    let created = repo.run("issue", "create", "--title", "never", "--json")
    #expect(created.errorCode == "IO_ERROR")
    #expect(created.stderr.contains("outside the repository"))
    #expect(try String(contentsOfFile: target, encoding: .utf8) == "alias ls='ls -la'\n")
    let files = try FileManager.default.contentsOfDirectory(atPath: repo.layout.issuesDirectory)
    #expect(files.filter { $0.hasSuffix(".json") }.isEmpty)
    #expect(repo.run("events", "query", "--json").errorCode == "IO_ERROR")
    #expect(repo.run("events", "tail", "--json").errorCode == "IO_ERROR")
    // Inside the repository: followed, for reads and appends alike.
    try FileManager.default.removeItem(atPath: repo.layout.eventsFile)
    FileManager.default.createFile(atPath: repo.root + "/log.jsonl", contents: nil)
    try FileManager.default.createSymbolicLink(
      atPath: repo.layout.eventsFile, withDestinationPath: "../log.jsonl")
    #expect(repo.run("issue", "create", "--title", "logged").status == 0)
    #expect(try String(contentsOfFile: repo.root + "/log.jsonl", encoding: .utf8).contains("issue.created"))
    #expect(repo.run("events", "query", "--json").status == 0)
  }

  /// A committed `.jit/issues` (or `cache/`, `run/`) that is a link would have jit read and write
  /// wherever it points: every command refuses the repository, and `validate` says why.
  @Test(arguments: ["issues", "cache", "run"])
  func aFolderUnderJitThatIsALinkIsRefused(_ name: String) throws {
    let repo = try TemporaryRepository()
    _ = try repo.create("one")
    #expect(repo.run("status").status == 0)
    let outside = try TemporaryDirectory()
    let folder = repo.layout.jitDirectory + "/" + name
    if FileManager.default.fileExists(atPath: folder) {
      try FileManager.default.moveItem(atPath: folder, toPath: outside.file(name))
    } else {
      try FileManager.default.createDirectory(atPath: outside.file(name), withIntermediateDirectories: true)
    }
    try FileManager.default.createSymbolicLink(atPath: folder, withDestinationPath: outside.file(name))
    let before = try FileManager.default.subpathsOfDirectory(atPath: outside.path)
    for command in [["status"], ["issue", "list"], ["issue", "create", "--title", "x"]] {
      for environment in [[:], ["JIT_NO_INDEX": "1"]] {
        let result = repo.run(command + ["--json"], environment: environment)
        #expect(result.errorCode == "IO_ERROR", "\(command) \(name)")
        #expect(result.stderr.contains(".jit/\(name) is a symbolic link"))
      }
    }
    #expect(try FileManager.default.subpathsOfDirectory(atPath: outside.path) == before)
    let report = try repo.run("validate", "--json").object()
    let diagnostics = report["diagnostics"] as? [[String: Any]] ?? []
    #expect(
      diagnostics.contains {
        ($0["code"] as? String) == "SPECIAL_FILE" && ($0["path"] as? String) == ".jit/\(name)"
      })
  }

  @Test func aLockFileThatIsALinkIsRefusedAndNothingIsMadeWhereItPoints() throws {
    let repo = try TemporaryRepository()
    let outside = try TemporaryDirectory()
    try? FileManager.default.removeItem(atPath: repo.layout.lockFile)
    try FileManager.default.createSymbolicLink(
      atPath: repo.layout.lockFile, withDestinationPath: outside.file("made"))
    for command in [["status"], ["issue", "create", "--title", "x"]] {
      let result = repo.run(command + ["--json"])
      #expect(result.errorCode == "IO_ERROR", "\(command)")
      #expect(result.stderr.contains("symbolic link"))
    }
    #expect(!FileManager.default.fileExists(atPath: outside.file("made")))
  }

  @Test(arguments: ["0x10", "1e3", "10s"])
  func aLockTimeoutIsDecimalSeconds(_ value: String) throws {
    let repo = try TemporaryRepository()
    let result = repo.run(["status", "--json"], environment: ["JIT_LOCK_TIMEOUT": value])
    #expect(result.status == 2)
    #expect(result.errorCode == "INVALID_ARGUMENT")
  }
}

/// Filters and numbers that would make a command do more than it was asked.
@Suite struct OverreachingInputTests {
  @Test(arguments: ["", " ", "priority:high|", "|priority:high", "priority:high||low"])
  func anEmptyOrDanglingFilterClaimsNothing(_ filter: String) throws {
    let repo = try TemporaryRepository()
    let id = try repo.create("ready work")
    for command in [
      ["issue", "claim-next", "--to", "agent:a", "--filter", filter], ["issue", "list", "--filter", filter],
    ] {
      let result = repo.run(command + ["--json"])
      #expect(result.status == 2, "\(command): \(result.stdout)")
      #expect(result.errorCode == "INVALID_FILTER", "\(command)")
    }
    #expect(try repo.state(id) == "ready")
  }

  @Test(arguments: ["1e19", "inf", "1e400", "-1", "nan"])
  func aFollowTimeoutOutOfRangeIsAUsageError(_ value: String) throws {
    let repo = try TemporaryRepository()
    let result = repo.run("events", "tail", "--follow", "--timeout", value, "--json")
    #expect(result.status == 2, "\(value): \(result.stderr)")
  }

  /// Every numeric option has a range, said in the message; a negative number is the option's
  /// value (ArgumentParser took `-1` for an option and said the value was missing).
  @Test(arguments: [
    (["query", "ready", "--limit", "-1"], "from 1 to 1000000000"),
    (["issue", "list", "--limit", "0"], "from 1 to 1000000000"),
    (["query", "blocked", "--limit=1000000001"], "from 1 to 1000000000"),
    (["query", "state", "ready", "--limit", "-7"], "from 1 to 1000000000"),
    (["graph", "show", "ISSUE", "--depth", "-1"], "from 0 to 1000000"),
    (["graph", "downstream", "ISSUE", "--depth", "1000001"], "from 0 to 1000000"),
    (["export", "--format", "dot", "--issue", "ISSUE", "--depth", "-2"], "from 0 to 1000000"),
    (["events", "tail", "-n", "-1"], "from 0 to 1000000000"),
    (["events", "tail", "--lines", "99999999999"], "from 0 to 1000000000"),
    (["events", "query", "--limit", "-5"], "from 0 to 1000000000"),
    (["events", "tail", "--follow", "--timeout", "-1"], "from 0 to 31536000"),
  ])
  func aNumberOutOfRangeIsAnInvalidArgumentThatSaysTheRange(_ words: [String], _ range: String) throws {
    let repo = try TemporaryRepository()
    let id = try repo.create("one")
    let before = try repo.snapshot()
    let result = repo.run(words.map { $0 == "ISSUE" ? id : $0 } + ["--json"])
    #expect(result.status == 2, "\(words): \(result.stdout)")
    #expect(result.errorCode == "INVALID_ARGUMENT")
    #expect(result.stderr.contains(range), "\(words): \(result.stderr)")
    #expect(try repo.snapshot() == before)
  }

  @Test func aNegativeNumberAfterAnOptionIsItsValue() throws {
    let repo = try TemporaryRepository()
    let result = repo.run("issue", "create", "--title", "-1", "--json")
    #expect(result.status == 0)
    #expect((try result.object()["title"] as? String) == "-1")
  }

  @Test func anEventSearchForAnIssueNobodyKnowsIsNotFound() throws {
    let repo = try TemporaryRepository()
    let kept = try repo.create("kept")
    let deleted = try repo.create("deleted")
    #expect(repo.run("issue", "delete", deleted).status == 0)
    let unknown = repo.run("events", "query", "--issue", "ZZZZZZZZ", "--json")
    #expect(unknown.status == 3)
    #expect(unknown.errorCode == "ISSUE_NOT_FOUND")
    // An issue the log mentions is found there, deleted or not.
    #expect(repo.run("events", "query", "--issue", String(deleted.suffix(8)), "--json").status == 0)
    #expect(repo.run("events", "query", "--issue", kept, "--json").status == 0)
  }
}

/// Special files where jit expects issue files: passed over with a warning by readers, reported by
/// `validate`, never a hang, a crash or a silent read of something outside the repository.
@Suite(.enabled(if: RepositoryStore.onFiles, "the file store's own files"))
struct SpecialIssueFileTests {
  static let name = "01JXT21Q00RCK24BMW01MTYN61.json"

  func plant(_ kind: String, in repo: TemporaryRepository, outside: TemporaryDirectory) throws {
    let path = repo.layout.issuesDirectory + "/" + Self.name
    switch kind {
    case "fifo": #expect(mkfifo(path, 0o644) == 0)
    case "zero": try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: "/dev/zero")
    case "outside":
      // A valid issue, but outside the repository: it must not be read.
      let issue = try JSONCoding.encodeFile(
        Issue(
          id: try IssueID(validating: String(Self.name.prefix(26))), title: "from outside", state: .ready,
          createdAt: Timestamp(millisecondsSince1970: 0)))
      try Data(issue).write(to: URL(fileURLWithPath: outside.file("issue.json")))
      try FileManager.default.createSymbolicLink(
        atPath: path, withDestinationPath: outside.file("issue.json"))
    case "dangling":
      try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: "/no/such/file")
    case "large":
      FileManager.default.createFile(atPath: path, contents: nil)
      #expect(truncate(path, off_t(RepositoryLayout.fileSizeLimit + 1)) == 0)
    default: try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
    }
  }

  @Test(arguments: ["fifo", "zero", "outside", "dangling", "large", "directory"])
  func readersPassOverASpecialFileWithAWarningAndValidateReportsIt(_ kind: String) throws {
    let repo = try TemporaryRepository()
    let outside = try TemporaryDirectory()
    let fine = try repo.create("fine")
    try plant(kind, in: repo, outside: outside)
    let reads = [
      ["issue", "list"], ["query", "ready"], ["status"], ["graph", "roots"], ["export", "--format", "dot"],
    ]
    for command in reads {
      for environment in [[:], ["JIT_NO_INDEX": "1"]] {
        let started = Date()
        let result = repo.run(command + ["--json"], environment: environment)
        #expect(Date().timeIntervalSince(started) < 10, "\(command) \(kind) took too long")
        #expect(result.status == 0, "\(command) \(kind) \(environment): \(result.stderr)")
        #expect(
          result.stderr.contains("jit: warning: skipped .jit/issues/\(Self.name)"), "\(command) \(kind)")
        #expect(!result.stdout.contains("from outside"))
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
      }
    }
    let claimed = repo.run("issue", "claim-next", "--to", "agent:a", "--json")
    #expect(claimed.status == 0, "\(claimed.stderr)")
    #expect((try claimed.object()["id"] as? String) == fine)
    #expect(claimed.stderr.contains("skipped .jit/issues/\(Self.name)"))
    // Nothing left to claim: the error names the file passed over, and its line stays the last.
    let none = repo.run("issue", "claim-next", "--to", "agent:a", "--json")
    #expect(none.errorCode == "NO_READY_ISSUE")
    let details = (try none.object()["error"] as? [String: Any])?["details"] as? [String: Any]
    #expect(details?["skipped_files"] as? [String] == [".jit/issues/\(Self.name)"])
    let lines = none.stderr.split(separator: "\n")
    #expect(lines.count == 2 && lines[0].hasPrefix("jit: warning: ") && lines[1].hasPrefix("jit: error: "))
    #expect(try repo.create("still works").count == 26)
    let acted = repo.run("issue", "show", String(Self.name.prefix(26)), "--json")
    #expect(acted.status == 1)
    #expect(acted.errorCode == "IO_ERROR")
    let report = repo.run("validate", "--json")
    #expect(report.status == 4)
    let diagnostics = try report.object()["diagnostics"] as? [[String: Any]] ?? []
    #expect(
      diagnostics.contains {
        ($0["code"] as? String) == "SPECIAL_FILE" && ($0["path"] as? String) == ".jit/issues/\(Self.name)"
      }, "\(diagnostics)")
  }

  @Test(.enabled(if: RepositoryStore.onFiles)) func aLinkInsideTheRepositoryIsFollowed() throws {
    let repo = try TemporaryRepository()
    let id = try repo.create("linked")
    let file = repo.layout.issuesDirectory + "/\(id).json"
    try FileManager.default.moveItem(atPath: file, toPath: repo.root + "/kept.json")
    try FileManager.default.createSymbolicLink(atPath: file, withDestinationPath: "../../kept.json")
    for environment in [[:], ["JIT_NO_INDEX": "1"]] {
      let listed = repo.run(["issue", "list", "--json"], environment: environment)
      #expect(listed.status == 0)
      #expect(listed.stderr.isEmpty, "\(listed.stderr)")
      #expect(try listed.array().map { $0["id"] as? String } == [id])
    }
    #expect(repo.run("validate").status == 0)
  }
}

/// An issue file that does not parse: passed over by readers, refused by what depends on it.
@Suite(.enabled(if: RepositoryStore.onFiles, "the file store's own files"))
struct BrokenIssueFileTests {
  @Test(arguments: [false, true])
  func whatDependsOnABrokenFileIsRefusedWithAndWithoutTheIndex(plain: Bool) throws {
    let repo = try TemporaryRepository()
    let environment = plain ? ["JIT_NO_INDEX": "1"] : [:]
    let broken = try repo.create("broken")
    let middle = try repo.create("middle", "--dep", broken)
    let other = try repo.create("other")
    #expect(repo.run("status").status == 0)  // the index knows every file before one breaks
    try Data("<<<<<<< HEAD\n{}\n=======\n{}\n>>>>>>> other\n".utf8)
      .write(to: URL(fileURLWithPath: repo.layout.issuesDirectory + "/\(broken).json"))
    let before = try repo.snapshot()
    // The cycle check would walk through it: it cannot know its dependencies.
    let added = repo.run(["issue", "dep", "add", other, "--on", middle, "--json"], environment: environment)
    #expect(added.errorCode == "CORRUPT_FILE", "\(added.stdout)")
    #expect(added.stderr.contains(".jit/issues/\(broken).json"))
    let onto = repo.run(["issue", "dep", "add", other, "--on", broken, "--json"], environment: environment)
    #expect(onto.errorCode == "CORRUPT_FILE")
    #expect(try repo.snapshot() == before)
    // What does not touch it works, and lists go on without it.
    #expect(repo.run(["issue", "update", other, "--title", "renamed"], environment: environment).status == 0)
    let listed = repo.run(["issue", "list", "--json"], environment: environment)
    #expect(try listed.array().compactMap { $0["id"] as? String } == [middle, other])
    #expect(listed.stderr.contains("conflict markers"))
  }
}

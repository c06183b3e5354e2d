import Foundation
import JitTestSupport
import Testing

/// The promises agents build on: usage errors, the event log, and gate keys.
@Suite struct CLIContractTests {
  @Test(arguments: [
    ["issue", "nosuch"], ["nosuchcmd"], ["issue", "create"], ["issue", "list", "--state"],
  ])
  func usageErrorsAreOneLineWithAnEnvelope(_ arguments: [String]) throws {
    let repo = try TemporaryRepository()
    let plain = repo.run(arguments)
    #expect(plain.status == 2)
    #expect(plain.stderr.hasPrefix("jit: error: "))
    #expect(plain.stderr.split(separator: "\n").count == 1)
    #expect(plain.stderr.contains("--help"))
    let json = repo.run(arguments + ["--json"])
    #expect(json.status == 2)
    #expect(json.errorCode == "INVALID_ARGUMENT")
    let message = try #require((try json.object()["error"] as? [String: Any])?["message"] as? String)
    #expect(!message.contains("'--json'"), "the mistake is reported, not --json: \(message)")
    #expect(!message.contains("USAGE"))
  }

  @Test func aGroupPrintsItsHelpButHasNoJSON() throws {
    let repo = try TemporaryRepository()
    let help = repo.run("issue")
    #expect(help.status == 0)
    #expect(help.stdout.contains("claim-next"))
    let json = repo.run("issue", "--json")
    #expect(json.status == 2)
    #expect(json.errorCode == "INVALID_ARGUMENT")
    #expect(json.stderr.contains("group of commands"))
  }

  @Test func aMisspeltEventKindIsAnErrorNotAnEmptyAnswer() throws {
    let repo = try TemporaryRepository()
    _ = try repo.create("one")
    let result = repo.run("events", "query", "--event", "issue.create", "--json")
    #expect(result.status == 2)
    #expect(result.stderr.contains("issue.created"))
    #expect(repo.run("events", "query", "--event", "issue.created").status == 0)
  }

  @Test(arguments: [["validate", "--fix", "--by", "no body"], ["validate", "--by", "no:"]])
  func validateRefusesAMalformedActorEvenWithNothingToRepair(_ arguments: [String]) throws {
    let repo = try TemporaryRepository()
    let result = repo.run(arguments + ["--json"])
    #expect(result.status == 2)
    #expect(result.errorCode == "INVALID_ACTOR")
  }

  @Test(arguments: [["query", "state", "blocked"], ["issue", "list", "--state", "blocked"]])
  func blockedIsExplainedAsDerived(_ arguments: [String]) throws {
    let repo = try TemporaryRepository()
    let result = repo.run(arguments)
    #expect(result.status == 2)
    #expect(result.stderr.contains("jit query blocked"))
  }

  @Test func jsonIsAcceptedBeforeTheCommand() throws {
    let repo = try TemporaryRepository()
    _ = try repo.create("one")
    let result = repo.run("--json", "issue", "list")
    #expect(result.status == 0)
    #expect(try result.array().count == 1)
  }

  @Test(.enabled(if: RepositoryStore.onFiles)) func aLogThatLostItsLastNewlineStaysReadable() throws {
    let repo = try TemporaryRepository()
    _ = try repo.create("first")
    let handle = try #require(FileHandle(forUpdatingAtPath: repo.layout.eventsFile))
    let size = try handle.seekToEnd()
    try handle.truncate(atOffset: size - 1)
    try handle.close()
    _ = try repo.create("second")
    let events = try repo.events()
    #expect(events.map { $0["event"] as? String } == ["issue.created", "issue.created"])
  }

  @Test(arguments: [
    (["gate", "remove", "ID", "../../x"], Int32(2), "INVALID_GATE_KEY"),
    (["gate", "remove", "ID", "nosuch"], Int32(3), "GATE_NOT_FOUND"),
    (["gate", "pass", "ID", "../x"], Int32(2), "INVALID_GATE_KEY"),
    (["gate", "add", "ID", "../x"], Int32(2), "INVALID_GATE_KEY"),
    (["gate", "show", "../x"], Int32(2), "INVALID_GATE_KEY"),
    (["gate", "check", "ID", "../x"], Int32(2), "INVALID_GATE_KEY"),
    (
      ["gate", "define", "sneaky", "--title", "S", "--by", "agent:a"], Int32(4),
      "REGISTRY_CHANGE_REQUIRES_HUMAN"
    ),
    (
      ["gate", "define", "review", "--update", "--auto", "--by", "agent:a"], Int32(4),
      "REGISTRY_CHANGE_REQUIRES_HUMAN"
    ),
    (["gate", "undefine", "review", "--by", "agent:a"], Int32(4), "REGISTRY_CHANGE_REQUIRES_HUMAN"),
  ])
  func gateKeysAndTheRegistryAreGuarded(_ arguments: [String], _ status: Int32, _ code: String) throws {
    let repo = try TemporaryRepository()
    #expect(repo.run("gate", "define", "review", "--title", "Review").status == 0)
    let id = try repo.create("work", "--gate", "review")
    let before = try repo.snapshot()
    let result = repo.run(arguments.map { $0 == "ID" ? id : $0 } + ["--json"])
    #expect(result.status == status)
    #expect(result.errorCode == code)
    #expect(try repo.snapshot() == before)
  }
}

@Suite struct RepositoryCompatibilityTests {
  @Test(.enabled(if: RepositoryStore.onFiles)) func fieldsThisVersionDoesNotKnowSurviveAnUpdate() throws {
    let repo = try TemporaryRepository()
    let id = try repo.create("work")
    let path = repo.layout.issuesDirectory + "/\(id).json"
    let text = try String(contentsOfFile: path, encoding: .utf8)
    try text.replacingOccurrences(of: "\"title\" :", with: "\"labels\" : [\"ui\", \"p1\"],\n  \"title\" :")
      .write(toFile: path, atomically: true, encoding: .utf8)
    #expect(repo.run("issue", "update", id, "--title", "renamed").status == 0)
    let after = try String(contentsOfFile: path, encoding: .utf8)
    #expect(after.contains("\"labels\""))
    #expect(after.contains("\"renamed\""))
  }

  @Test(arguments: ["{\"schema_version\": 99, \"next_id_hint\": null}", "garbage"])
  func aRepositoryFromANewerJitOrWithABrokenIndexIsNotTouched(_ index: String) throws {
    let repo = try TemporaryRepository()
    let id = try repo.create("work")
    try index.write(toFile: repo.layout.indexFile, atomically: true, encoding: .utf8)
    let before = try repo.snapshot()
    for arguments in [
      ["issue", "list"], ["issue", "claim", id, "--to", "agent:a"], ["issue", "create", "--title", "t"],
    ] {
      let result = repo.run(arguments + ["--json"])
      #expect(result.status == 1)
      #expect(result.errorCode == (index == "garbage" ? "CORRUPT_FILE" : "UNSUPPORTED_SCHEMA"))
    }
    #expect(try repo.snapshot() == before)
  }

  @Test func withoutAnyActorAMutationIsRefused() throws {
    let repo = try TemporaryRepository()
    let result = repo.run(
      ["issue", "create", "--title", "t", "--json"], environment: ["JIT_ACTOR": "", "USER": ""])
    #expect(result.status == 2)
    #expect(result.errorCode == "INVALID_ACTOR")
    let named = repo.run(["issue", "create", "--title", "t"], environment: ["JIT_ACTOR": "bob smith"])
    #expect(named.stderr.contains("JIT_ACTOR"))
  }
}

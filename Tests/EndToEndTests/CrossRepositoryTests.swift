import Foundation
import JitTestSupport
import Testing

/// Two real repositories side by side, driven through the built `jit` as a user would: `web` links to
/// an issue of `api` through `.jit/config.toml`. `JIT_PG` names nothing, so any hand-over to `jit-pg`
/// would fail: a file-store repository with aliases never needs it.
@Suite struct CrossRepositoryTests {
  let directory: TemporaryDirectory
  let jit: String
  let environment: [String: String]
  var api: String { directory.path + "/api" }
  var web: String { directory.path + "/web" }

  init() throws {
    directory = try TemporaryDirectory(prefix: "jit-e2e-xrepo")
    jit = try BuiltBinary.path("jit")
    environment = [
      "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": directory.path,
      "JIT_ACTOR": "human:lead", "JIT_PG": "/dev/null/jit-pg",
    ]
    for repository in [api, web] {
      try FileManager.default.createDirectory(atPath: repository, withIntermediateDirectories: true)
      #expect(try run(in: repository, "init").status == 0)
    }
  }

  @discardableResult
  func run(in repository: String, _ arguments: String...) throws -> BoundedProcess.Outcome {
    let outcome = try BoundedProcess.run(
      jit, arguments, in: repository, environment: environment, timeout: 30)
    #expect(!outcome.timedOut && outcome.signal == nil, "\(arguments)")
    return outcome
  }

  func create(in repository: String, _ title: String) throws -> String {
    let outcome = try run(in: repository, "issue", "create", "--title", title, "--json")
    guard outcome.status == 0, let id = try outcome.result.object()["id"] as? String else {
      throw HarnessError("create failed: \(outcome.stderrText)")
    }
    return id
  }

  func configure(_ repository: String, _ text: String) throws {
    try Data(text.utf8).write(to: URL(fileURLWithPath: repository + "/.jit/config.toml"))
  }

  /// Every file under a repository's `.jit/` but the lock and the derived cache.
  func snapshot(_ repository: String) throws -> [String: Data] {
    var files: [String: Data] = [:]
    let base = repository + "/.jit"
    let enumerator = try #require(FileManager.default.enumerator(atPath: base))
    for case let relative as String in enumerator
    where relative != ".lock" && !relative.hasPrefix("cache/") {
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: base + "/" + relative, isDirectory: &isDirectory),
        !isDirectory.boolValue
      {
        files[relative] = FileManager.default.contents(atPath: base + "/" + relative)
      }
    }
    return files
  }

  func ids(_ outcome: BoundedProcess.Outcome) throws -> [String] {
    try outcome.result.array().compactMap { $0["id"] as? String }
  }

  @Test func aLinkWaitsUntilTheOtherIssueIsDoneAndTheOtherRepositoryIsOnlyRead() throws {
    let endpoint = try create(in: api, "API endpoint")
    try configure(web, "[repositories]\napi = \"../api\"\n")
    let client = try create(in: web, "Use the endpoint")
    let apiBefore = try snapshot(api)

    let added = try run(in: web, "issue", "dep", "add", client, "--on", "api:" + endpoint.suffix(8), "--json")
    #expect(added.status == 0, "\(added.stderrText)")
    #expect(try added.result.object()["added"] as? [String] == ["api:" + endpoint])
    // Its dependencies are not all done: backlog, as shown (the file keeps ready, which the
    // other repository's issue could change at any time without a write here).
    #expect((try added.result.object()["issue"] as? [String: Any])?["state"] as? String == "backlog")
    let file = try String(contentsOfFile: web + "/.jit/issues/\(client).json", encoding: .utf8)
    #expect(file.contains("\"external_dependencies\" : [\n    \"api:\(endpoint)\"\n  ]"))

    // Blocked while the endpoint is open: not ready, not claimable, blocked with the reason.
    #expect(try ids(run(in: web, "query", "ready", "--json")).isEmpty)
    let blocked = try run(in: web, "query", "blocked", "--json").result.array()
    #expect(blocked.map { $0["id"] as? String } == [client])
    #expect(blocked.first?["state"] as? String == "backlog")
    let reasons = blocked.first?["blocked_by"] as? [String: Any]
    let external = (reasons?["external"] as? [[String: Any]])?.first
    #expect(external?["alias"] as? String == "api")
    #expect(external?["state"] as? String == "ready")
    #expect(external?["title"] as? String == "API endpoint")
    #expect(
      try run(in: web, "issue", "claim-next", "--to", "agent:w", "--json").result.errorCode
        == "NO_READY_ISSUE")
    #expect(
      try run(in: web, "issue", "claim", client, "--to", "agent:w", "--json").result.errorCode == "NOT_READY")
    let shown = try run(in: web, "issue", "show", client, "--json").result.object()
    #expect((shown["external"] as? [[String: Any]])?.first?["state"] as? String == "ready")
    #expect(shown["blocked"] as? Bool == true)
    #expect(shown["state"] as? String == "backlog")
    let status = try run(in: web, "status", "--json").result.object()
    #expect(status["ready"] as? Int == 0 && status["blocked"] as? Int == 1, "\(status)")
    #expect((status["by_state"] as? [String: Any])?["backlog"] as? Int == 1)
    #expect(
      try run(in: web, "issue", "show", client).stdoutText.contains(
        "api:\(endpoint.suffix(8))  ready  API endpoint"))
    let dot = try run(in: web, "export", "--format", "dot").stdoutText
    #expect(dot.contains("\"api:\(endpoint)\" [label=\"api:\(endpoint.suffix(8)) [ready]"))
    #expect(dot.contains("\"api:\(endpoint)\" -> \"\(client)\" [style=dashed]"))
    let mermaid = try run(in: web, "export", "--format", "mermaid").stdoutText
    #expect(mermaid.contains("x_api_\(endpoint)") && mermaid.contains(":::external"))
    #expect(try run(in: web, "graph", "show", client).stdoutText.contains("api:\(endpoint.suffix(8))  ready"))
    // Reading it took nothing from the other repository but its shared lock.
    #expect(try snapshot(api) == apiBefore)

    // Done over there: ready here, with no write here, and claim-next hands it out.
    #expect(try run(in: api, "issue", "claim", endpoint, "--to", "agent:a").status == 0)
    #expect(try run(in: api, "issue", "complete", endpoint).status == 0)
    #expect(try ids(run(in: web, "query", "ready", "--json")) == [client])
    #expect(try ids(run(in: web, "query", "blocked", "--json")).isEmpty)
    #expect(
      try run(in: web, "issue", "show", client, "--json").result.object()["state"] as? String == "ready")
    #expect(try run(in: web, "status", "--json").result.object()["ready"] as? Int == 1)
    let claimed = try run(in: web, "issue", "claim-next", "--to", "agent:w", "--json")
    #expect(try claimed.result.object()["id"] as? String == client, "\(claimed.stderrText)")
  }

  /// `dep rm --on api:REF` whose reference matches none of the issue's links resolves it in the
  /// other repository before taking this one's write lock: while the other repository is locked,
  /// this one's writers are not kept waiting (two repositories removing links to each other would
  /// each hold its own lock waiting for the other's).
  @Test func removingALinkWaitsForTheOtherRepositoryWithoutHoldingThisOnesLock() throws {
    let endpoint = try create(in: api, "API endpoint")
    let other = try create(in: api, "another endpoint")
    try configure(web, "[repositories]\napi = \"../api\"\n")
    let client = try create(in: web, "Use the endpoint")
    #expect(try run(in: web, "issue", "dep", "add", client, "--on", "api:" + endpoint).status == 0)
    let held = try LockWaitTests.HeldLock(api + "/.jit/.lock")
    let remover = Box<Int32?>(nil)
    let (jit, web) = (self.jit, self.web)
    let slow = environment.merging(["JIT_LOCK_TIMEOUT": "4"]) { $1 }
    let thread = TestThread {
      remover.value =
        (try? BoundedProcess.run(
          jit, ["issue", "dep", "rm", client, "--on", "api:" + other.suffix(8)], in: web, environment: slow,
          timeout: 30))?.status
    }
    thread.start()
    Thread.sleep(forTimeInterval: 0.5)
    let writer = try BoundedProcess.run(
      jit, ["issue", "create", "--title", "meanwhile", "--json"], in: web,
      environment: environment.merging(["JIT_LOCK_TIMEOUT": "1"]) { $1 }, timeout: 30)
    held.release()
    #expect(thread.wait(seconds: 30))
    #expect(writer.status == 0, "web's lock was free while dep rm waited for api's: \(writer.stderrText)")
    #expect(remover.value == 0, "the link it names is not there: unchanged")
  }

  @Test func aRepositoryThatIsGoneMakesTheLinkUnknownAndValidateWarns() throws {
    let endpoint = try create(in: api, "API endpoint")
    #expect(try run(in: api, "issue", "claim", endpoint, "--to", "agent:a").status == 0)
    #expect(try run(in: api, "issue", "complete", endpoint).status == 0)
    try configure(web, "[repositories]\napi = \"../api\"\n")
    let client = try create(in: web, "Use the endpoint")
    #expect(try run(in: web, "issue", "dep", "add", client, "--on", "api:" + endpoint).status == 0)
    #expect(try ids(run(in: web, "query", "ready", "--json")) == [client])
    #expect(try run(in: web, "validate").status == 0)

    try FileManager.default.moveItem(atPath: api, toPath: api + "-moved")
    #expect(try ids(run(in: web, "query", "ready", "--json")).isEmpty)
    let blocked = try run(in: web, "query", "blocked", "--json").result.array()
    let external = ((blocked.first?["blocked_by"] as? [String: Any])?["external"] as? [[String: Any]])?.first
    #expect(external?["state"] as? String == "unknown")
    #expect((external?["reason"] as? String)?.contains("../api") == true)
    #expect(
      try run(in: web, "issue", "claim", client, "--to", "agent:w", "--json").result.errorCode == "NOT_READY")
    let validate = try run(in: web, "validate", "--json")
    #expect(validate.status == 0, "a warning, not an error")
    let diagnostics = try validate.result.object()["diagnostics"] as? [[String: Any]] ?? []
    #expect(diagnostics.map { $0["code"] as? String } == ["EXTERNAL_UNKNOWN"])
    #expect(diagnostics.first?["severity"] as? String == "warning")
    #expect((diagnostics.first?["message"] as? String)?.contains("'api'") == true)
    // A new link to it is refused; the old one can still be removed.
    let before = try snapshot(web)
    let refused = try run(in: web, "issue", "dep", "add", client, "--on", "api:ABCD", "--json")
    #expect(refused.status == 3)
    #expect(refused.result.errorCode == "REPOSITORY_UNREACHABLE")
    #expect(try snapshot(web) == before)
    #expect(try run(in: web, "issue", "dep", "rm", client, "--on", "api:" + endpoint.suffix(8)).status == 0)
    #expect(try ids(run(in: web, "query", "ready", "--json")) == [client])
  }

  @Test func aCycleThroughBothRepositoriesIsReportedByValidate() throws {
    try configure(api, "[repositories]\nweb = \"../web\"\n")
    try configure(web, "[repositories]\napi = \"../api\"\n")
    let endpoint = try create(in: api, "API endpoint")
    let client = try create(in: web, "Use the endpoint")
    let local = try create(in: web, "Local step")
    #expect(try run(in: web, "issue", "dep", "add", client, "--on", local).status == 0)
    #expect(try run(in: web, "issue", "dep", "add", local, "--on", "api:" + endpoint).status == 0)
    #expect(try run(in: web, "validate", "--json").result.object()["warnings"] as? Int == 0)
    #expect(try run(in: api, "issue", "dep", "add", endpoint, "--on", "web:" + client).status == 0)
    for (repository, other) in [(web, "api:"), (api, "web:")] {
      let validate = try run(in: repository, "validate", "--json")
      let diagnostics = try validate.result.object()["diagnostics"] as? [[String: Any]] ?? []
      #expect(diagnostics.map { $0["code"] as? String } == ["CROSS_REPOSITORY_CYCLE"], "\(repository)")
      #expect((diagnostics.first?["message"] as? String)?.contains(other) == true)
      #expect(validate.status == 0)
    }
  }

  @Test func badAliasesAndBadConfigurationAreRefusedWithNothingWritten() throws {
    let endpoint = try create(in: api, "API endpoint")
    try configure(web, "[repositories]\napi = \"../api\"\nmissing = \"../nowhere\"\n")
    let client = try create(in: web, "Use the endpoint")
    let before = try snapshot(web)
    for (on, code) in [
      ("zzz:" + endpoint, "UNKNOWN_ALIAS"), ("api:ZZZZZZZZ", "ISSUE_NOT_FOUND"),
      ("missing:" + endpoint, "REPOSITORY_UNREACHABLE"), ("API:" + endpoint, "INVALID_ARGUMENT"),
      ("api:12", "INVALID_ID"),
    ] {
      let outcome = try run(in: web, "issue", "dep", "add", client, "--on", on, "--json")
      #expect(outcome.result.errorCode == code, "\(on): \(outcome.stdoutText)")
      #expect(outcome.status != 0)
    }
    let unknown = try run(in: web, "issue", "dep", "add", client, "--on", "zzz:" + endpoint, "--json")
    let details = try unknown.result.object()["error"] as? [String: Any]
    #expect((details?["details"] as? [String: Any])?["alias"] as? String == "zzz")
    #expect(try snapshot(web) == before)

    for text in [
      "[repositories]\napi = { url = \"postgresql://u:p@h/db\" }\n", "[repositories\n", "password = \"x\"\n",
    ] {
      try configure(web, text)
      let outcome = try run(in: web, "query", "ready", "--json")
      #expect(outcome.status == 1, "\(text)")
      #expect(outcome.result.errorCode == "CORRUPT_FILE", "\(text): \(outcome.stdoutText)")
    }
  }
}

import Foundation
import JitCore
import JitTestSupport
import Testing

/// Issue 10's gate scenarios, run as written through the built `jit`: approvals nobody can launder,
/// agents that are not people by default, checkers that are not suggestions, evidence bound to code.
@Suite struct GateTrustTests {
  let directory: TemporaryDirectory
  let jit: String
  var environment: [String: String]

  init() throws {
    directory = try TemporaryDirectory(prefix: "jit-e2e-trust")
    jit = try BuiltBinary.path("jit")
    environment = try RepositoryStore.current.environment().merging([
      "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": directory.path,
      "JIT_ACTOR": "human:lead", "USER": "lead", "GIT_AUTHOR_NAME": "e2e", "GIT_AUTHOR_EMAIL": "e2e@jit",
      "GIT_COMMITTER_NAME": "e2e", "GIT_COMMITTER_EMAIL": "e2e@jit",
    ]) { $1 }
  }

  /// `jit` from a script or an agent's shell: no terminal.
  @discardableResult
  func jit(_ arguments: String..., as actor: String? = nil) throws -> CommandResult {
    var environment = self.environment
    if let actor { environment["JIT_ACTOR"] = actor }
    return try BuiltBinary.run(
      jit, RepositoryStore.current.arguments(arguments), in: directory.path, environment: environment)
  }

  /// `jit` typed by a person at a terminal.
  @discardableResult
  func atTerminal(_ arguments: String..., environment extra: [String: String] = [:]) throws -> CommandResult {
    try BuiltBinary.runAtTerminal(
      jit, RepositoryStore.current.arguments(arguments), in: directory.path,
      environment: environment.merging(extra) { $1 })
  }

  func object(_ arguments: String...) throws -> [String: Any] {
    try BuiltBinary.run(jit, arguments + ["--json"], in: directory.path, environment: environment).object()
  }

  func create(_ arguments: String...) throws -> String {
    let result = try BuiltBinary.run(
      jit, ["issue", "create", "--json"] + arguments, in: directory.path, environment: environment)
    return try #require(try result.object()["id"] as? String, "\(result.stderr)")
  }

  func gate(_ id: String, _ key: String) throws -> [String: Any] {
    let issue = try object("issue", "show", id)
    return try #require((issue["gates_status"] as? [String: Any])?[key] as? [String: Any])
  }

  var layout: RepositoryLayout { RepositoryLayout(jitDirectory: directory.file(".jit")) }

  func eventCount() throws -> Int { try RepositoryStore.events(layout, environment: environment).count }

  func events(_ kind: String) throws -> [[String: Any]] {
    try RepositoryStore.events(layout, environment: environment).filter { $0["event"] as? String == kind }
  }

  @discardableResult
  func sh(_ script: String) throws -> String {
    let result = try BuiltBinary.run("/bin/sh", ["-c", script], in: directory.path, environment: environment)
    guard result.status == 0 else { throw HarnessError("\(script): \(result.stderr)") }
    return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// Scenario 1: nobody who held the issue passes its manual gates, whatever they do first.
  @Test func approvalCannotBeLaunderedByUnassigningOrPassingFirst() throws {
    #expect(try jit("init").status == 0)
    #expect(try jit("gate", "define", "review", "--title", "Code review").status == 0)
    let id = try create("--title", "Work", "--gate", "review")
    #expect(try jit("issue", "claim", id, "--to", "human:alice").status == 0)
    #expect(try atTerminal("gate", "pass", id, "review", "--by", "human:alice").status == 4)
    // Stepping off the issue does not make alice someone else.
    #expect(try jit("issue", "unassign", id, "--by", "human:alice").status == 0)
    let laundered = try atTerminal("gate", "pass", id, "review", "--by", "human:alice")
    #expect(laundered.status == 4)
    #expect(laundered.stdout.contains("have held it since its gates were last reset"))
    #expect(try gate(id, "review")["status"] as? String == "pending")

    // Passing on ready, unassigned work and then claiming it: the approval is withdrawn on the claim.
    let other = try create("--title", "Other", "--gate", "review")
    #expect(try atTerminal("gate", "pass", other, "review", "--by", "human:bob").status == 0)
    let claimed = try object("issue", "claim", other, "--to", "human:bob")
    let review = try #require((claimed["gates_status"] as? [String: Any])?["review"] as? [String: Any])
    #expect(review["status"] as? String == "pending")
    #expect(
      try events("gate.reset").contains { $0["id"] as? String == other && $0["gate"] as? String == "review" })
    #expect(try object("issue", "complete", other, "--by", "human:bob")["state"] as? String == "gated")
    #expect(try atTerminal("gate", "pass", other, "review", "--by", "human:bob").status == 4)
    // Reassigning does not launder either: bob held it, so bob can never pass it until a reopen.
    #expect(try atTerminal("gate", "pass", other, "review", "--by", "human:carol").status == 0)
    #expect(try object("issue", "show", other)["state"] as? String == "done")

    // A precheck approval let the issue become ready: its approver cannot take it at all.
    #expect(try jit("gate", "define", "design", "--title", "Design", "--stage", "precheck").status == 0)
    let planned = try create("--title", "Planned", "--gate", "design", "--priority", "critical")
    #expect(try atTerminal("gate", "pass", planned, "design", "--by", "human:dana").status == 0)
    let before = try eventCount()
    let refused = try jit("issue", "claim", planned, "--to", "human:dana", "--json")
    #expect(refused.status == 4)
    #expect(refused.errorCode == "SELF_APPROVAL")
    #expect(try eventCount() == before)
    // claim-next passes over it for dana, and hands it to anyone else.
    #expect(try jit("issue", "claim-next", "--filter", "priority:critical", "--to", "human:dana").status == 3)
    #expect(
      try object("issue", "claim-next", "--filter", "priority:critical", "--to", "agent:a")["id"] as? String
        == planned)
  }

  /// Scenario 2: an agent's shell without --by or JIT_ACTOR is nobody who may approve.
  @Test func anAgentIsNotAPersonByDefault() throws {
    #expect(try jit("init").status == 0)
    #expect(try jit("gate", "define", "review", "--title", "Code review").status == 0)
    let id = try create("--title", "Work", "--gate", "review")
    #expect(try jit("issue", "claim", id, "--to", "agent:copilot-1").status == 0)
    let before = try eventCount()
    var unnamed = environment
    unnamed["JIT_ACTOR"] = nil
    unnamed["USER"] = "carol"
    let assumed = try BuiltBinary.run(
      jit, ["gate", "pass", id, "review", "--json"], in: directory.path, environment: unnamed)
    #expect(assumed.status == 2)
    #expect(assumed.errorCode == "APPROVER_NOT_NAMED")
    // Not even at a terminal: a person names themselves.
    let typed = try BuiltBinary.runAtTerminal(
      jit, ["gate", "pass", id, "review"], in: directory.path, environment: unnamed)
    #expect(typed.status == 2)
    #expect(typed.stdout.contains("name yourself"))
    // An agent is not a person, and a person's name from an agent's shell is not at a terminal.
    #expect(try jit("gate", "pass", id, "review", as: "agent:copilot-1").status == 4)
    let scripted = try jit("gate", "pass", id, "review", "--by", "human:mallory", "--json")
    #expect(scripted.status == 4)
    #expect(scripted.errorCode == "APPROVAL_REQUIRES_TERMINAL")
    #expect(try eventCount() == before)
    // Recording who did something still takes $USER: only approvals refuse it.
    let created = try BuiltBinary.run(
      jit, ["issue", "create", "--title", "By carol", "--json"], in: directory.path, environment: unnamed)
    #expect(created.status == 0)
    // A team that scripts approvals says so in the gate.
    #expect(
      try atTerminal("gate", "define", "review", "--update", "--approval", "any").status == 0)
    #expect(try jit("gate", "pass", id, "review", "--by", "human:mallory").status == 0)
  }

  /// Scenario 3: a gate with a command is passed by running it, or by a person's recorded override.
  @Test func aCheckerIsNotASuggestion() throws {
    #expect(try jit("init").status == 0)
    #expect(
      try jit("gate", "define", "tests", "--title", "Tests", "--auto", "--command", "false").status == 0)
    let id = try create("--title", "Work", "--gate", "tests")
    #expect(try jit("issue", "claim", id, "--to", "agent:a").status == 0)
    let byHand = try jit("gate", "pass", id, "tests", "--by", "agent:a", "--json")
    #expect(byHand.status == 4)
    #expect(byHand.errorCode == "CHECKER_GATE_REQUIRES_CHECK")
    #expect(try atTerminal("gate", "pass", id, "tests", "--by", "human:bob").status == 4)
    #expect(try jit("gate", "check", id, "tests", "--by", "agent:a").status == 4)
    #expect(try gate(id, "tests")["status"] as? String == "failed")
    // An override needs a person, a reason, a terminal, and someone who did not hold the issue.
    let noReason = try atTerminal("gate", "pass", id, "tests", "--override", "--by", "human:bob")
    #expect(noReason.status == 2)
    #expect(
      try jit("gate", "pass", id, "tests", "--override", "--reason", "flaky", "--by", "human:bob").status == 4
    )
    #expect(
      try atTerminal("gate", "pass", id, "tests", "--override", "--reason", "flaky", "--by", "agent:b").status
        == 4)
    let overridden = try atTerminal(
      "gate", "pass", id, "tests", "--override", "--reason", "known flaky runner", "--by", "human:bob")
    #expect(overridden.status == 0)
    let result = try gate(id, "tests")
    #expect(result["status"] as? String == "passed")
    let evidence = try #require(result["evidence"] as? [String: Any])
    #expect(evidence["source"] as? String == "override")
    #expect(evidence["message"] as? String == "known flaky runner")
    #expect(try events("gate.passed").last?["route"] as? String == "override")
    #expect(try jit("issue", "show", id).stdout.contains("tests: passed (override)"))
  }

  /// Scenario 4: evidence says whether the tree was dirty, and goes stale when the code moves.
  @Test func evidenceIsBoundToTheCode() throws {
    try sh("git init -q . && echo v1 >app.txt && git add -A && git commit -qm v1")
    #expect(try jit("init").status == 0)
    try sh("git add -A && git commit -qm tracker")
    #expect(
      try jit(
        "gate", "define", "tests", "--title", "Tests", "--auto", "--command", "grep -q v app.txt",
        "--on-stale", "pending"
      ).status == 0)
    let id = try create("--title", "Work", "--gate", "tests")
    #expect(try jit("issue", "claim", id, "--to", "agent:a").status == 0)
    try sh("git add -A && git commit -q --allow-empty -m work")  // on PostgreSQL no tracker file changed
    #expect(try jit("gate", "check", id, "--by", "agent:a").status == 0)
    let clean = try #require(try gate(id, "tests")["evidence"] as? [String: Any])
    #expect(clean["commit"] as? String == (try sh("git rev-parse HEAD")))
    #expect(clean["dirty"] as? Bool == false)
    #expect((try object("gate", "stale")["stale"] as? [Any])?.isEmpty == true)
    // Committing the tracker's own files keeps the evidence fresh; changing the code does not.
    try sh("git add -A && git commit -q --allow-empty -m 'tracker only'")
    #expect((try object("gate", "stale")["stale"] as? [Any])?.isEmpty == true)
    try sh("echo v2 >app.txt && git commit -qam v2")
    let stale = try #require((try object("gate", "stale")["stale"] as? [[String: Any]])?.first)
    #expect(stale["gate"] as? String == "tests")
    #expect(stale["counts_as_pending"] as? Bool == true)
    let validation = try jit("validate")
    #expect(validation.status == 0)
    #expect(validation.stdout.contains("STALE_GATE"))
    #expect((try object("issue", "show", id)["stale_gates"] as? [Any])?.count == 1)
    // Passing once and changing the code does not keep the gate green.
    #expect(try object("issue", "complete", id, "--by", "agent:a")["state"] as? String == "gated")
    #expect(try gate(id, "tests")["status"] as? String == "pending")

    // A check on uncommitted changes says so, with the tree it judged.
    try sh("echo v3 >app.txt")
    #expect(try jit("gate", "check", id, "--by", "agent:a").status == 0)
    let dirty = try #require(try gate(id, "tests")["evidence"] as? [String: Any])
    #expect(dirty["dirty"] as? Bool == true)
    #expect((dirty["tree"] as? String)?.count == 40)
    #expect(try jit("issue", "show", id).stdout.contains("uncommitted changes"))
    try sh("echo v4 >app.txt")
    #expect((try object("gate", "stale", id)["stale"] as? [Any])?.count == 1)
  }

  /// After a pull (the post-merge hook runs `validate --fix`), stale gates that count as pending are pending.
  @Test func validateFixResetsStaleGatesThatCountAsPending() throws {
    try sh("git init -q . && echo v1 >app.txt && git add -A && git commit -qm v1")
    #expect(try jit("init").status == 0)
    #expect(
      try jit(
        "gate", "define", "design", "--title", "Design check", "--auto", "--command", "true", "--stage",
        "precheck", "--on-stale", "pending"
      ).status == 0)
    let id = try create("--title", "Planned", "--gate", "design")
    try sh("git add -A && git commit -qm plan")
    #expect(try jit("gate", "check", id, "--by", "ci:runner").status == 0)
    #expect(try object("issue", "show", id)["state"] as? String == "ready")
    try sh("echo v2 >app.txt && git commit -qam v2")
    let fixed = try object("validate", "--fix")
    let resets = try #require(fixed["gate_resets"] as? [[String: Any]])
    #expect(resets.first?["gate"] as? String == "design")
    // The precheck gate is pending again, so the issue is back in backlog, and says why.
    #expect(try object("issue", "show", id)["state"] as? String == "backlog")
    #expect(try events("gate.reset").count == 1)
  }

  /// The `signed` policy: an SSH signature checked against .jit/allowed_signers, then and later.
  @Test func signedApprovalsAreVerifiedWhenMadeAndAfter() throws {
    #expect(try jit("init").status == 0)
    try sh(
      "ssh-keygen -q -t ed25519 -N '' -C bob -f bob.key && ssh-keygen -q -t ed25519 -N '' -C eve -f eve.key")
    try sh("printf 'bob %s\\n' \"$(cut -d' ' -f1,2 bob.key.pub)\" >.jit/allowed_signers")
    #expect(
      try jit("gate", "define", "security", "--title", "Security sign-off", "--approval", "signed").status
        == 0)
    let id = try create("--title", "Work", "--gate", "security")
    let unsigned = try atTerminal("gate", "pass", id, "security", "--by", "human:bob")
    #expect(unsigned.status == 4)
    #expect(unsigned.stdout.contains("--sign-key"))
    let eve = try jit("gate", "pass", id, "security", "--by", "human:eve", "--sign-key", "eve.key", "--json")
    #expect(eve.status == 4)
    #expect(eve.errorCode == "SIGNATURE_INVALID")
    // In a git checkout only committed keys count: a key added without review signs nothing.
    try sh("git init -q . && git add .jit && git reset -q -- .jit/allowed_signers && git commit -qm start")
    let uncommitted = try jit("gate", "pass", id, "security", "--by", "human:bob", "--sign-key", "bob.key")
    #expect(uncommitted.status == 4)
    #expect(uncommitted.stderr.contains("not committed"))
    try sh("git add .jit/allowed_signers && git commit -qm 'allowed signers'")
    // Bob's own key under bob's name, from a script: a signature needs no terminal.
    #expect(try jit("gate", "pass", id, "security", "--by", "human:bob", "--sign-key", "bob.key").status == 0)
    let evidence = try #require(try gate(id, "security")["evidence"] as? [String: Any])
    #expect((evidence["signature"] as? String)?.hasPrefix("-----BEGIN SSH SIGNATURE-----") == true)
    let checks = try #require(try object("issue", "show", id)["signatures"] as? [[String: Any]])
    #expect(checks.first?["verified"] as? Bool == true)
    #expect(try jit("validate").status == 0)
    // A hand edit that moves the approval to someone else breaks it, and validate says so.
    try RepositoryStore.editIssue(id, layout, environment: environment) { issue in
      let text = String(
        decoding: (try? JSONSerialization.data(withJSONObject: issue)) ?? Data(), as: UTF8.self)
      let edited = Data(text.replacingOccurrences(of: "\"human:bob\"", with: "\"human:mallory\"").utf8)
      issue = (try? JSONSerialization.jsonObject(with: edited) as? [String: Any]) ?? issue
    }
    let validation = try jit("validate")
    #expect(validation.status == 4)
    #expect(validation.stdout.contains("BAD_SIGNATURE"))
    let after = try #require(try object("issue", "show", id)["signatures"] as? [[String: Any]])
    #expect(after.first?["verified"] as? Bool == false)
  }

  /// The registry is policy: weakening a gate needs a person at a terminal, strengthening does not.
  @Test func weakeningAGateNeedsAPersonAtATerminal() throws {
    #expect(try jit("init").status == 0)
    #expect(try jit("gate", "define", "review", "--title", "Code review").status == 0)
    for weakening in [["--approval", "any"], ["--auto"]] {
      let result = try BuiltBinary.run(
        jit, ["gate", "define", "review", "--update", "--json"] + weakening, in: directory.path,
        environment: environment)
      #expect(result.status == 4, "\(weakening)")
      #expect(result.errorCode == "APPROVAL_REQUIRES_TERMINAL")
    }
    #expect(try jit("gate", "define", "review", "--update", "--approval", "signed").status == 0)
    #expect(try jit("gate", "define", "review", "--update", "--approval", "terminal").status == 4)
    #expect(try atTerminal("gate", "define", "review", "--update", "--approval", "terminal").status == 0)
    var unnamed = environment
    unnamed["JIT_ACTOR"] = nil
    let assumed = try BuiltBinary.run(
      jit, ["gate", "define", "lint", "--title", "Lint", "--json"], in: directory.path, environment: unnamed)
    #expect(assumed.errorCode == "APPROVER_NOT_NAMED")
  }
}

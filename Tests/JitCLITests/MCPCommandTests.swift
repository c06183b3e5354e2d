import JitTestSupport
import Testing

/// `jit mcp` in-process: only its refusals (a found companion replaces the process).
@Suite struct MCPCommandTests {
  @Test func aMissingCompanionIsCompanionNotFoundNamingWhereItLooked() throws {
    let repo = try TemporaryRepository()
    let missing = repo.root + "/bin/jit-mcp"
    let result = repo.run("mcp", "--json", environment: ["JIT_MCP": missing])
    #expect(result.status == 10)
    #expect(result.errorCode == "COMPANION_NOT_FOUND")
    let details = try #require((try result.object()["error"] as? [String: Any])?["details"] as? [String: Any])
    #expect(details["companion"] as? String == "jit-mcp")
    #expect(details["path"] as? String == missing)
    #expect(result.stderr.contains("set JIT_MCP"))
  }

  @Test func aFoundCompanionIsNeverExecutedInPlaceOfAProgramRunningJitInProcess() throws {
    let repo = try TemporaryRepository()
    let result = repo.run("mcp", "--json", environment: ["JIT_MCP": "/bin/true"])
    #expect(result.errorCode == "INTERNAL_ERROR")
    #expect(result.stderr.contains("/bin/true"))
  }

  @Test func anUnknownTierIsAUsageError() throws {
    let repo = try TemporaryRepository()
    let result = repo.run("mcp", "--tier", "everything", "--json", environment: ["JIT_MCP": "/nonexistent"])
    #expect(result.status == 2)
    #expect(result.errorCode == "INVALID_ARGUMENT")
    #expect(result.stderr.contains("core, standard or all"))
  }

  /// Refused by jit itself, with its envelope, before any companion is looked for or started.
  @Test(arguments: [
    (["mcp", "--by", "tttt:x:y", "--json"], [String: String](), "INVALID_ACTOR"),
    (["mcp", "--json"], ["JIT_MCP_TIER": "everything"], "INVALID_ARGUMENT"),
    (["mcp", "--json"], ["JIT_LOCK_TIMEOUT": "soon"], "INVALID_ARGUMENT"),
  ])
  func badInputIsJitsErrorBeforeTheCompanionRuns(
    arguments: [String], environment: [String: String], code: String
  )
    throws
  {
    let repo = try TemporaryRepository()
    let result = repo.run(arguments, environment: environment.merging(["JIT_MCP": "/nonexistent"]) { $1 })
    #expect(result.status == 2)
    #expect(result.errorCode == code)
    #expect(result.stderr.hasPrefix("jit: error: "))
  }

  @Test func helpNamesTheTiersTheActorAndTheCompanion() throws {
    let repo = try TemporaryRepository()
    let help = repo.run("mcp", "--help")
    #expect(help.status == 0)
    for word in ["jit-mcp", "JIT_MCP", "--tier", "core", "standard", "JIT_ACTOR", "COMPANION_NOT_FOUND"] {
      #expect(help.stdout.contains(word), "\(word)")
    }
  }
}

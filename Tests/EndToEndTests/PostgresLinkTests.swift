import Foundation
import JitTestSupport
import Testing

/// A dependency of a file-store repository on an issue of a PostgreSQL store, named by an alias
/// `{ store = "postgresql", database_env = ... }`: read through `jit-pg`, never written.
@Suite struct PostgresLinkTests {
  @Test func aLinkToAPostgreSQLStoreIsSatisfiedOnlyWhenThatIssueIsDone() throws {
    let server = try PostgresServer.shared()
    let url = try server.makeDatabase()
    let jit = try BuiltBinary.path("jit")
    let api = try TemporaryDirectory(prefix: "jit-link-api")
    let web = try TemporaryDirectory(prefix: "jit-link-web")
    let environment = [
      "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "JIT_ACTOR": "human:lead",
      "USER": "lead", "JIT_DATABASE_URL": url, "JIT_API_DATABASE_URL": url,
    ]
    func run(_ directory: TemporaryDirectory, _ arguments: String..., without: String? = nil) throws
      -> CommandResult
    {
      var environment = environment
      if let without { environment[without] = nil }
      return try BuiltBinary.run(jit, arguments, in: directory.path, environment: environment)
    }
    #expect(try run(api, "init", "--store", "postgresql").status == 0)
    let remote = try #require(
      try run(api, "issue", "create", "--title", "api work", "--json").object()["id"] as? String)
    // The web repository keeps its own issues in files; its config only names the other store.
    #expect(try run(web, "init", without: "JIT_DATABASE_URL").status == 0)
    try Data(
      """
      [repositories]
      api = { store = "postgresql", database_env = "JIT_API_DATABASE_URL" }

      """.utf8
    ).write(to: URL(fileURLWithPath: web.file(".jit/config.toml")))
    let local = try #require(
      try run(web, "issue", "create", "--title", "web work", "--json", without: "JIT_DATABASE_URL").object()[
        "id"]
        as? String)
    let eventsBefore = try run(api, "events", "query", "--json").stdout
    let added = try run(
      web, "issue", "dep", "add", local, "--on", "api:" + String(remote.suffix(8)), "--json",
      without: "JIT_DATABASE_URL")
    #expect(added.status == 0, "\(added.stderr)")
    let blocked = try run(web, "query", "blocked", "--json", without: "JIT_DATABASE_URL")
    #expect(blocked.status == 0, "\(blocked.stderr)")
    #expect(blocked.stdout.contains(remote), "blocked by the PostgreSQL store's issue: \(blocked.stdout)")
    #expect(
      try run(web, "issue", "claim-next", "--to", "agent:w", "--json", without: "JIT_DATABASE_URL").status
        == 3)
    #expect(try run(api, "events", "query", "--json").stdout == eventsBefore, "the other store is only read")

    #expect(try run(api, "issue", "claim", remote, "--to", "agent:a").status == 0)
    #expect(try run(api, "issue", "complete", remote, "--by", "agent:a").status == 0)
    let ready = try run(web, "query", "ready", "--json", without: "JIT_DATABASE_URL").array()
    #expect(ready.compactMap { $0["id"] as? String } == [local], "ready once the linked issue is done")

    // Without the variable the alias names, the link cannot be read: blocked, unknown; validate warns.
    let unknown = try run(web, "query", "ready", "--json", without: "JIT_API_DATABASE_URL").array()
    #expect(unknown.isEmpty)
    let validated = try run(web, "validate", "--json", without: "JIT_API_DATABASE_URL")
    #expect(validated.stdout.contains("EXTERNAL_UNKNOWN"), "\(validated.stdout)")
    #expect(validated.stdout.contains("api"))
  }
}

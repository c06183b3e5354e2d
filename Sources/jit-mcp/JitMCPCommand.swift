import ArgumentParser
import Foundation
import JitApp
import JitCore
import JitMCP
import JitPostgresProvider

/// `jit-mcp`: jit's MCP server over stdio (`jit mcp` starts it).
@main
struct JitMCPCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "jit-mcp", abstract: "jit's MCP server over standard input and output.",
    discussion: """
      Serves jit's tools to an MCP client (a coding agent) over stdio, until the client closes \
      standard input. Usually started as 'jit mcp'. Tiers: core (the pull loop: ready, claim_next, \
      show, complete, release, create, set_context, check_gates), standard (adds claim, query, \
      dep_add, dep_remove, graph, events, status) and all (adds next, heartbeat, update, reopen, \
      stalled, gates, gate_add, gate_pass, gate_fail). The server acts as one actor: --by, else \
      $JIT_ACTOR (a bare name is an agent); it never assumes human:$USER, so with neither, changes \
      fail with INVALID_ACTOR. Manual gates are never passed or failed through it. The repository \
      is found as jit finds it (--repo, $JIT_DIR, else upward from the working directory). See \
      docs/mcp.md.
      """)

  @Option(help: "Tools to offer: core, standard or all (default $JIT_MCP_TIER, else core).") var tier: String?
  @Option(help: "Who the server acts as (type:identifier; a bare name is an agent); default $JIT_ACTOR.")
  var by: String?
  @Option(
    help: "The repository (a directory with .jit/, or .jit/ itself); default $JIT_DIR or a search upward.")
  var repo: String?

  func run() async throws {
    let environment = ProcessInfo.processInfo.environment
    // A repository whose .jit/config.toml chooses PostgreSQL is served from its database.
    StoreComposition.install(PostgresProvider())
    do {
      let tier = try ToolTier.chosen(option: tier, environment: environment)
      let configuration = try JitConfiguration.fromEnvironment(
        workingDirectory: FileManager.default.currentDirectoryPath, environment: environment,
        repositoryOverride: repo)
      try await JitMCPServer(configuration: configuration, tier: tier, actor: by).run()
    } catch let error as JitError {
      FileHandle.standardError.write(Data("jit-mcp: error: \(error.message) (\(error.code.rawValue))\n".utf8))
      throw ExitCode(error.exitCode)
    }
  }
}

import ArgumentParser
import JitApp
import JitCore
import JitSystem

/// `jit mcp`: becomes the MCP server, the companion `jit-mcp` (the MCP SDK cannot link into the
/// static `jit`), by exec: the client talks to `jit-mcp` over this process's stdin and stdout.
struct MCPCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "mcp", abstract: "Serve jit's tools to an MCP client (a coding agent) over stdio.",
    discussion: """
      Runs the companion jit-mcp in this process's place: $JIT_MCP if set, else the jit-mcp beside \
      jit, else the first on the PATH (COMPANION_NOT_FOUND, exit 10, when there is none). Register \
      it with an agent as the command 'jit mcp --by agent:NAME'. --tier picks the tools (default \
      $JIT_MCP_TIER, else core): core is the pull loop (ready, claim_next, show, complete, release, \
      create, set_context, check_gates); standard adds claim, query, dep_add, dep_remove, graph, \
      events, status; all adds the rest. The server acts as --by, else $JIT_ACTOR, never an \
      assumed human:$USER. Manual gates are never passable through it. See docs/mcp.md.
      """)

  @OptionGroup var global: GlobalOptions
  @Option(help: "Tools to offer: core, standard or all (default $JIT_MCP_TIER, else core).") var tier: String?
  @Option(help: "Who the server acts as (type:identifier; a bare name is an agent); default $JIT_ACTOR.")
  var by: String?

  func validate() throws {
    if let tier, !["core", "standard", "all"].contains(tier) {
      throw ValidationError("--tier '\(tier)' is not a tier: core, standard or all")
    }
  }

  func execute(_ context: CommandContext) throws {
    // Every refusal jit can judge is jit's (its envelope, its line on stderr), before the exec.
    _ = try context.configuration()
    if let by { _ = try Actor(validating: by) }
    if tier == nil, let variable = context.environment["JIT_MCP_TIER"], !variable.isEmpty,
      !["core", "standard", "all"].contains(variable)
    {
      throw JitError.invalidArgument(
        "JIT_MCP_TIER '\(variable)' is not a tier: core, standard or all",
        details: ["input": .string(variable), "source": "JIT_MCP_TIER"])
    }
    let path = try CompanionExecutable.mcpServer.require(environment: context.environment)
    // exec replaces the whole process: right for the jit executable, whose stdin and stdout the
    // client holds; never for a program that runs jit's commands in-process (a test, say).
    guard context.output is StandardStreams else {
      throw JitError(
        .internalError, "jit mcp runs \(path) in this process's place, which only the jit executable does",
        details: ["path": .string(path)])
    }
    var arguments = [path]
    if let tier { arguments += ["--tier", tier] }
    if let by { arguments += ["--by", by] }
    if let repo = global.repo { arguments += ["--repo", context.absolute(repo)] }
    var pointers: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
    pointers.append(nil)
    defer { for pointer in pointers { free(pointer) } }
    execv(path, pointers)
    let reason = String(cString: strerror(errno))
    throw JitError(
      .ioError, "could not start \(path): \(reason)",
      details: ["path": .string(path), "reason": .string(reason)])
  }
}

import Foundation
import JitApp
import JitCore
import JitWire
import Logging
import MCP

/// jit's MCP server: the tools of one tier over stdio, each one application call, answering
/// JitWire's views as one-line JSON text; a jit error is a tool error (`isError`) carrying the
/// envelope `{"error": {"code", "message", "details"}}`.
///
/// It acts as one actor, the server's (`--by`, else `JIT_ACTOR`): an MCP client is one agent, and
/// a tool takes no actor argument. `human:$USER` is never assumed: with no actor named, the tools
/// that change anything fail with `INVALID_ACTOR`.
public struct JitMCPServer: Sendable {
  public let configuration: JitConfiguration
  public let tier: ToolTier

  /// A server for `configuration` acting as `actor` when given (else the configuration's named
  /// actor, never an assumed one).
  public init(configuration: JitConfiguration, tier: ToolTier, actor: String? = nil) throws {
    var configuration = configuration
    if let actor {
      configuration.defaultActor = .known(try Actor(validating: actor))
    } else if case .assumed = configuration.defaultActor {
      configuration.defaultActor = .unknown(
        JitError(
          .invalidActor,
          "the MCP server acts for the agent named by 'jit mcp --by NAME' or JIT_ACTOR, and neither is set",
          details: ["source": "jit-mcp"]))
    }
    // Nothing an MCP server does is at a terminal: approvals that need one are refused.
    configuration.atTerminal = false
    self.configuration = configuration
    self.tier = tier
  }

  static let instructions = """
    jit tracks this repository's work as issues with dependencies and gates. Take work with \
    claim_next (or ready, then claim), see what stands before done with show, finish with complete \
    (check_gates runs the checkers). Manual gates are a person's, never passable here. Never edit \
    .jit/ by hand. Errors carry a stable code: {"error": {"code", "message", "details"}}.
    """

  /// Serves over standard input and output until the client closes standard input.
  public func run() async throws {
    let server = Server(
      name: "jit", version: JitVersion.current, instructions: Self.instructions,
      capabilities: .init(tools: .init(listChanged: false)))
    let tools = ToolCatalog.tools(for: tier)
    let byName = Dictionary(uniqueKeysWithValues: tools.map { ($0.name, $0) })
    let listing = ListTools.Result(tools: tools.map(\.tool))
    await server.withMethodHandler(ListTools.self) { _ in listing }
    await server.withMethodHandler(CallTool.self) { [self] parameters in
      guard let tool = byName[parameters.name] else {
        throw MCPError.invalidParams(
          "no tool '\(parameters.name)' in tier \(tier.rawValue) (tiers: core, standard, all)")
      }
      let answer = await call(tool, parameters.arguments)
      return CallTool.Result(
        content: [.text(text: answer.json, annotations: nil, _meta: nil)], isError: answer.isError)
    }
    // The SDK's notices (such as "EOF received" when the client leaves) are not jit's to print.
    var logger = Logger(label: "jit-mcp")
    logger.logLevel = .warning
    try await server.start(transport: LiteralStringTransport(logger: logger))
    await server.waitUntilCompleted()
  }

  /// One call: the arguments checked, the application composed (so that a repository made after
  /// the server started is found), the tool run on a thread of its own; errors become answers.
  func call(_ tool: JitTool, _ values: [String: Value]?) async -> ToolAnswer {
    do {
      let arguments = try tool.arguments(values)
      let application = try JitApplication(configuration)
      defer { Self.warn(about: application.skippedFiles.drain()) }
      return try await application.run { try tool.run(arguments, $0) }
    } catch let error as JitError {
      return .error(error)
    } catch {
      return .error(JitError(.internalError, "\(tool.name) failed: \(error)"))
    }
  }

  /// Issue files a call passed over: a warning line each on standard error (never on stdout, the
  /// protocol's).
  static func warn(about files: [SkippedFile]) {
    for file in files {
      FileHandle.standardError.write(Data("jit-mcp: warning: \(file.warning)\n".utf8))
    }
  }
}

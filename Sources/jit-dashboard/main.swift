// jit-dashboard: the web dashboard's server (docs/dashboard.md), which `jit dashboard start` runs:
// a separate executable so that the static jit links no HTTP stack.
import ArgumentParser
import Foundation
import JitApp
import JitCore
import JitDashboard
import JitPostgresProvider
import JitWire
import Logging

@main
struct DashboardCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "jit-dashboard",
    abstract: "The web dashboard of a jit repository (docs/dashboard.md); `jit dashboard start` runs it.",
    subcommands: [Start.self])
}

struct Start: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Serve the repository's dashboard over HTTP until Ctrl-C (SIGINT) or SIGTERM.",
    discussion: """
      Read-only: board, blocked work, issue pages, the dependency graph, agents and runs, metrics, \
      events and the human inbox, live through Server-Sent Events; /api/... answers in the CLI's \
      --json shapes and /metrics for Prometheus. It listens on 127.0.0.1 unless --host says \
      otherwise; any other address prints a warning and needs a token (--token or \
      \(DashboardOptions.tokenVariable), 16+ characters) on every request: Authorization: Bearer \
      TOKEN, or open the page once with ?token=TOKEN. Exit codes: 2 bad option (INVALID_ARGUMENT, \
      TOKEN_REQUIRED), 3 no repository (NOT_INITIALIZED), 1 the address cannot be bound (IO_ERROR).
      """)

  @Option(help: "The port (0: any free one; the line printed at start says which).") var port: Int?
  @Option(help: "The address to listen on: 127.0.0.1 (default), ::1, or another, which needs a token.")
  var host: String?
  @Option(help: "The token every request must carry (default: $\(DashboardOptions.tokenVariable)).")
  var token: String?
  @Flag(help: "Open the dashboard in a browser (xdg-open) once it listens.") var open = false
  @Option(
    name: .customLong("repo"), help: "The repository (a directory holding .jit); default: search from here.")
  var repository: String?
  @Option(help: "A dispatch.toml for the agents view's capacities (default: the repository's dispatch.toml).")
  var dispatchConfig: String?
  @Flag(help: "Print errors as JSON on stdout too ({\"error\": {...}}).") var json = false

  func run() async throws {
    let environment = ProcessInfo.processInfo.environment
    // A repository whose .jit/config.toml chooses PostgreSQL is shown from its database.
    StoreComposition.install(PostgresProvider())
    let application: JitApplication
    var options: DashboardOptions
    do {
      let resolved = try DashboardOptions.resolve(
        host: host, port: port, token: token, environment: environment)
      options = resolved.options
      for warning in resolved.warnings {
        FileHandle.standardError.write(Data("jit dashboard: warning: \(warning)\n".utf8))
      }
      options.dispatchConfig = dispatchConfig
      let configuration = try JitConfiguration.fromEnvironment(
        workingDirectory: FileManager.default.currentDirectoryPath, environment: environment,
        repositoryOverride: repository)
      application = try JitApplication(configuration)
    } catch {
      throw fail(error)
    }
    var logger = Logger(label: "jit-dashboard")
    logger.logLevel = .notice
    let root = application.layout.rootDirectory
    let opens = open
    let tokenNote = options.token == nil ? "" : " (add ?token=TOKEN once in a browser)"
    do {
      try await DashboardServer.run(application: application, options: options, logger: logger) {
        host, port in
        let shown = host.contains(":") ? "[\(host)]" : host
        let url = "http://\(shown):\(port)/"
        print("jit dashboard: serving \(root) at \(url)\(tokenNote); Ctrl-C stops it")
        fflush(nil)
        if opens { openBrowser(url) }
      }
    } catch {
      throw fail(JitError.io("cannot serve on \(options.host):\(options.port): \(error)", path: root))
    }
  }

  func fail(_ error: any Error) -> ExitCode {
    let jitError = error as? JitError ?? JitError(.internalError, "\(error)")
    let message = jitError.message.replacingOccurrences(of: "\n", with: "\\n")
    FileHandle.standardError.write(Data("jit: error: \(message)\n".utf8))
    if json, let text = try? WireEncoder.document(ErrorEnvelope(jitError)) { print(text) }
    return ExitCode(jitError.exitCode)
  }

  func openBrowser(_ url: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["xdg-open", url]
    do { try process.run() } catch {
      FileHandle.standardError.write(
        Data("jit dashboard: warning: could not open a browser: \(error)\n".utf8))
    }
  }
}

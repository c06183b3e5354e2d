import ArgumentParser
import JitApp
import JitCore
import JitSystem

/// `jit dashboard start`: replaces this process with `jit-dashboard start ...` (so signals reach the
/// server directly), after checking the options it can check here.
struct DashboardStartCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "start", abstract: "Serve the dashboard until Ctrl-C (SIGINT) or SIGTERM.",
    discussion: """
      Listens on 127.0.0.1:8080 unless told otherwise and prints the address. Binding anything but \
      loopback needs an explicit --host, prints a warning, and requires a token on every request: \
      --token TOKEN or JIT_DASHBOARD_TOKEN (16+ characters; TOKEN_REQUIRED without one); browsers \
      pass it once as ?token=TOKEN. Read-only: nothing on the dashboard changes the tracker. \
      Needs jit-dashboard beside jit, on the PATH, or named by JIT_DASHBOARD (COMPANION_NOT_FOUND, \
      exit 10, without it).
      """)

  @OptionGroup var global: GlobalOptions
  @Option(help: "The port (default 8080; 0: any free one, printed at start).") var port: Int?
  @Option(help: "The address to listen on (default 127.0.0.1); any other needs a token.") var host: String?
  @Option(help: "The token every request must carry (default: $JIT_DASHBOARD_TOKEN).") var token: String?
  @Flag(help: "Open it in a browser once it listens.") var open = false
  @Option(help: "A dispatch.toml for the agents view's capacities (default: the repository's).")
  var dispatchConfig: String?

  func execute(_ context: CommandContext) throws {
    if let port, !(0...65_535).contains(port) {
      throw JitError(
        .invalidArgument, "--port \(port) is not a port: 0 to 65535 (0 picks a free one)",
        details: ["option": .string("--port"), "minimum": .int(0), "maximum": .int(65_535)])
    }
    // The repository must exist before a server starts for it.
    let application = try context.application()
    let companion = try CompanionExecutable.dashboard.require(environment: context.environment)
    var arguments = [companion, "start", "--repo", application.layout.rootDirectory]
    if let port { arguments += ["--port", String(port)] }
    if let host { arguments += ["--host", host] }
    if let token { arguments += ["--token", token] }
    if let dispatchConfig { arguments += ["--dispatch-config", context.absolute(dispatchConfig)] }
    if open { arguments.append("--open") }
    if global.wantsJSON { arguments.append("--json") }
    fflush(nil)
    var pointers = arguments.map { strdup($0) }
    pointers.append(nil)
    execv(companion, &pointers)
    let reason = String(cString: strerror(errno))
    for pointer in pointers { free(pointer) }
    throw JitError(
      .companionNotFound, "\(companion) could not be run: \(reason)",
      details: ["companion": .string("jit-dashboard"), "path": .string(companion)])
  }
}

import ArgumentParser
import Foundation
import JitApp
import JitDispatch
import Logging
import ServiceLifecycle

/// Pull mode: one agent's claim-next loop, with this process as its supervisor.
struct Work: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Pull mode: claim work for one agent and run a command on each issue, without a config.",
    discussion:
      "Example: jit-dispatch work --agent copilot-1 --filter 'priority:high|critical' -- ./agent.sh {issue_id}"
  )

  @OptionGroup var common: Common
  @Option(help: "The agent's id (it claims as agent:ID).") var agent: String
  @Option(help: "A claim-next filter expression.") var filter: String?
  @Option(help: "Seconds between polls when nothing is ready.") var pollInterval: Double = 10
  @Option(help: "Lease length in seconds.") var leaseSecs: Int = 600
  @Option(help: "Seconds per run before it is killed (0: none).") var timeoutSecs: Double = 3600
  @Option(help: "Seconds with no output before a run counts as stalled (0: off).") var stallSecs: Double = 600
  @Option(help: "Failed attempts before an issue is held.") var maxAttempts: Int = 3
  @Flag(help: "Stop once nothing is ready and no retry is pending.") var untilIdle = false
  @Argument(parsing: .captureForPassthrough, help: "The command to run and its arguments (after --).")
  var command: [String] = []

  func run() async throws {
    var argv = command
    if argv.first == "--" { argv.removeFirst() }
    let config: DispatchConfig
    let app: JitApplication
    do {
      guard let executable = argv.first else {
        throw DispatchError(.invalidArgument, "work needs a command after --", key: "command")
      }
      var toml =
        "[dispatch]\npoll_interval_secs = \(pollInterval)\nmax_in_flight = 1\nlease_secs = \(leaseSecs)\n"
      toml += "heartbeat_secs = \(max(1, Double(leaseSecs) / 4))\n"
      toml += "[[agents]]\nid = \(quoted(agent))\ncommand = \(quoted(executable))\n"
      toml += "args = [\(argv.dropFirst().map(quoted).joined(separator: ", "))]\n"
      toml += "timeout_secs = \(timeoutSecs)\nstall_secs = \(stallSecs)\nmax_attempts = \(maxAttempts)\n"
      if let filter { toml += "filter = \(quoted(filter))\n" }
      config = try DispatchConfig.parse(toml, path: "(work options)")
      app = try common.application()
    } catch {
      throw fail(error)
    }
    try await runDispatcher(config: config, app: app, jitPath: common.jitPath, untilIdle: untilIdle)
  }

  func quoted(_ text: String) -> String {
    var out = "\""
    for character in text.unicodeScalars {
      switch character {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      default: out.unicodeScalars.append(character)
      }
    }
    return out + "\""
  }
}

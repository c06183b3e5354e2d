import ArgumentParser
import Foundation
import JitApp
import JitDispatch
import JitSystem
import Logging
import ServiceLifecycle

/// The long-running dispatcher.
struct Start: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Dispatch continuously until SIGTERM or SIGINT (with --daemon: in the background).")

  @OptionGroup var common: Common
  @Option(help: "The dispatch.toml to use.") var config: String = "dispatch.toml"
  @Flag(help: "Run in the background: write .jit/run/dispatch/daemon.pid; refuse a second daemon.")
  var daemon = false
  @Flag(help: ArgumentHelp(visibility: .private)) var daemonChild = false
  @Flag(help: "Stop once nothing runs, nothing is ready and no retry is pending.") var untilIdle = false
  @Option(
    help: ArgumentHelp(
      "Serve GET /metrics (the Prometheus text of jit metrics export) on this address.",
      valueName: "host:port"))
  var metricsListen: String?

  func run() async throws {
    let config: DispatchConfig
    let app: JitApplication
    let metrics: (host: String, port: Int)?
    do {
      metrics = try metricsListen.map(MetricsServer.parse)
      config = try loadConfig(self.config)
      app = try common.application()
    } catch {
      throw fail(error)
    }
    let folder = RunFolder(layout: app.layout)
    if daemon && !daemonChild {
      do {
        let pid = try Daemon.spawn(folder: folder, arguments: CommandLine.arguments)
        print(pid)
        return
      } catch {
        throw fail(error)
      }
    }
    var lock: Daemon.Lock?
    if daemonChild {
      do { lock = try Daemon.acquire(folder) } catch { throw fail(error) }
    }
    try await runDispatcher(
      config: config, app: app, jitPath: common.jitPath, untilIdle: untilIdle, metrics: metrics)
    lock?.release()
  }
}

import ArgumentParser
import Foundation
import JitApp
import JitCore
import JitDispatch

/// What the dispatchers of this repository are doing, from the run folder and the tracker.
struct Status: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Show runs in flight, capacity, the retry queue and held work.")

  @OptionGroup var common: Common
  @Option(help: "A dispatch.toml, to show capacity per agent.") var config: String?
  @Flag(help: "Print JSON.") var json = false

  func run() async throws {
    let app: JitApplication
    let config: DispatchConfig?
    do {
      app = try common.application()
      config = try self.config.map(loadConfig)
    } catch {
      throw fail(error, json: json)
    }
    let folder = RunFolder(layout: app.layout)
    let runs = folder.runs()
    let now = app.tracker.clock()
    let attempts = folder.allAttempts()
    let retries = attempts.filter { !$0.held && $0.retryAt != nil }
    let held =
      (try? app.tracker.read { reader in try reader.session.loadAll().filter { $0.hold != nil } }) ?? []
    let daemon = Daemon.running(folder)
    if json {
      var value: [String: Any] = [
        "runs": runs.map { run in
          [
            "run_id": run.runID, "issue": run.issue, "agent": run.agent, "attempt": run.attempt,
            "generation": run.generation, "pid": run.pid ?? 0, "dispatcher_pid": run.dispatcherPID,
            "started_at": run.startedAt.description, "log": run.log, "workdir": run.workdir,
            "alive": run.pid.map(AgentProcess.alive) ?? false,
            "dispatcher_alive": AgentProcess.alive(run.dispatcherPID, startedAt: run.dispatcherStart),
          ] as [String: Any]
        },
        "retry_queue": retries.map { record in
          [
            "issue": record.issue, "attempts": record.attempts, "reason": record.lastReason,
            "retry_at": record.retryAt?.description ?? "", "due": (record.retryAt.map { $0 <= now } ?? true),
            "log": record.lastLog,
          ] as [String: Any]
        },
        "held": held.map { issue in
          ["issue": issue.id.rawValue, "title": issue.title, "reason": issue.hold?.reason ?? ""]
            as [String: Any]
        },
        "daemon_pid": daemon.map { Int($0) } ?? NSNull(),
      ]
      if let config {
        value["capacity"] = config.agents.map { agent in
          [
            "agent": agent.id, "max_concurrent": agent.maxConcurrent,
            "running": runs.filter { $0.agent == agent.id }.count,
          ]
            as [String: Any]
        }
        value["max_in_flight"] = config.dispatch.maxInFlight
      }
      printJSON(value)
      return
    }
    print("daemon: " + (daemon.map { "pid \($0)" } ?? "not running"))
    if let config {
      for agent in config.agents {
        print(
          "agent \(agent.id): \(runs.filter { $0.agent == agent.id }.count)/\(agent.maxConcurrent) running")
      }
    }
    print("runs: \(runs.count)")
    for run in runs {
      let gone =
        AgentProcess.alive(run.dispatcherPID, startedAt: run.dispatcherStart)
        ? "" : " (its dispatcher is gone: the next cycle recovers it)"
      print(
        "  \(run.issue.suffix(8)) \(run.agent) attempt \(run.attempt) pid \(run.pid ?? 0) since \(run.startedAt)\(gone)"
      )
    }
    print("retry queue: \(retries.count)")
    for record in retries {
      print(
        "  \(record.issue.suffix(8)) after \(record.attempts) attempts at \(record.retryAt?.description ?? "-"): \(record.lastReason)"
      )
    }
    print("held: \(held.count)")
    for issue in held {
      print("  \(issue.id.rawValue.suffix(8)) \(issue.title): \(issue.hold?.reason ?? "")")
    }
  }
}

import ArgumentParser
import Foundation
import JitDispatch

/// One cycle, supervised to its end.
struct Once: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Run one dispatch cycle and supervise the runs it starts until each has an outcome.",
    discussion: """
      Reclaims expired leases and dead dispatchers' runs, claims ready work up to every capacity and \
      starts the agents; then waits for those runs and decides each outcome (done, gated, retry \
      scheduled, held). It starts nothing else: work made ready by these runs, and retries, wait \
      for the next `once` or `start`.
      """)

  @OptionGroup var common: Common
  @Option(help: "The dispatch.toml to use.") var config: String = "dispatch.toml"
  @Flag(help: "Print the cycle's report as JSON.") var json = false

  func run() async throws {
    let dispatcher: Dispatcher
    do {
      let config = try loadConfig(self.config)
      let app = try common.application()
      dispatcher = Dispatcher(
        config: config, app: app, environment: ProcessInfo.processInfo.environment, jitPath: common.jitPath,
        logger: makeLogger())
    } catch {
      throw fail(error, json: json)
    }
    let report = await dispatcher.cycle()
    let outcomes = await dispatcher.drain()
    await DispatcherService.finalDelivery(dispatcher.webhooks, within: 30)
    if json {
      printJSON([
        "reclaimed": report.reclaimed, "recovered": report.recovered,
        "started": report.started.map { ["issue": $0.issue, "agent": $0.agent] },
        "claims_lost": report.claimsLost, "outcomes": outcomes.map(describe),
      ])
    } else {
      print(
        "started \(report.started.count), claims lost \(report.claimsLost.count), reclaimed \(report.reclaimed.count)"
      )
      for outcome in outcomes {
        print("\(outcome.issue.suffix(8)) \(outcome.kind.rawValue): \(outcome.reason)")
      }
    }
  }
}

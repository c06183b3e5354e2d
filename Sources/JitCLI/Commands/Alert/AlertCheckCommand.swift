import ArgumentParser
import JitApp
import JitCore
import JitWire

/// `jit alert check`.
struct AlertCheckCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "check", abstract: "Evaluate every alert once, and notify what fired or resolved.",
    discussion: """
      For cron and CI. Each alert moves inactive -> pending -> firing (after --for) -> resolved, \
      as in Prometheus; a notification goes to each target once on firing and once on resolving. \
      Every change is an event (alert.pending, alert.cleared, alert.fired, alert.resolved), and \
      every failed notification is alert.delivery_failed with its reason: a receiver that is \
      down costs at most its timeout (commands 10s, webhooks 3 attempts of 5s) and never makes \
      the check fail. Webhooks are sent by jit-notify: $JIT_NOTIFY, else beside jit, else on the PATH.
      """)

  @OptionGroup var global: GlobalOptions
  @Option(help: "Who evaluates (default: JIT_ACTOR, then human:$USER).") var by: String?

  func execute(_ context: CommandContext) throws {
    let results = try context.application().checkAlerts(by: by)
    try context.emit(results) {
      guard !results.isEmpty else { return "No alerts." }
      var table = Table("ALERT", "STATE", "VALUE", "CHANGE", "NOTIFIED")
      for result in results {
        let notified = result.deliveries.map {
          $0.delivered ? $0.target : "\($0.target) FAILED: \($0.reason ?? "")"
        }
        table.add(
          result.alert, result.state.rawValue, result.value.map { PrometheusText.number($0) } ?? "-",
          result.transitions.map(\.rawValue).joined(separator: ",").isEmpty
            ? "-" : result.transitions.map(\.rawValue).joined(separator: ","),
          notified.isEmpty ? "-" : notified.joined(separator: "; "))
      }
      return table.render()
    }
  }
}

import ArgumentParser

/// `jit alert add|list|show|rm|check`.
struct AlertCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "alert", abstract: "Alerts on metrics: define them, and evaluate them with 'check'.",
    discussion: """
      An alert compares metrics (blocked_count, ready_count, stalled_count, held_count, \
      gated_count, in_progress_count, failed_gates, oldest_ready_age, ...: 'jit alert add --help' \
      lists them) with numbers, combined with and/or. As in Prometheus, an alert whose condition \
      holds is pending, and firing once it has held for --for; it is notified once when it fires \
      and once when it resolves, never on every check. Definitions are committed in \
      .jit/alerts.json; where each alert stands is kept in .jit/run/alerts/ (not committed). \
      'jit alert check' evaluates them once (for cron and CI). See docs/metrics.md.
      """,
    subcommands: [
      AlertAddCommand.self, AlertListCommand.self, AlertShowCommand.self, AlertRemoveCommand.self,
      AlertCheckCommand.self,
    ])
}

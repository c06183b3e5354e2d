import ArgumentParser

/// `jit metrics report|export`.
struct MetricsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "metrics", abstract: "Report flow metrics as CSV or JSON, and export Prometheus metrics.",
    discussion: """
      'report' reads the event log in one streaming pass and writes one row per issue (lead and \
      cycle time, time gated, gate failures, attempts, reclaims), per day or per assignee. 'export' \
      writes the Prometheus text format: gauges from the store, counters and histograms from the \
      event log. See docs/metrics.md for every column and metric.
      """,
    subcommands: [MetricsReportCommand.self, MetricsExportCommand.self])
}

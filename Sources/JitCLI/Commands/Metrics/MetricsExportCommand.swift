import ArgumentParser
import JitApp
import JitCore
import JitWire

/// `jit metrics export --prometheus [--output FILE]`.
struct MetricsExportCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "export", abstract: "Write the Prometheus text exposition format.",
    discussion: """
      Gauges from the store (issues by state and priority, ready, unassigned, blocked by reason, \
      gate results by status, stalled, the age of the oldest ready issue) and counters and \
      histograms from the event log (events by kind, claims, completions, gate results and check \
      durations, lead and cycle time), every name prefixed jit_, counters ending in _total, times \
      in seconds. Counters only grow, so rate() works across runs; no label holds an issue id. \
      The event log is read incrementally: .jit/run/metrics/ keeps what was counted so far.

      --output writes the file atomically and prints nothing, for node_exporter's textfile \
      collector (for example from cron):

        jit metrics export --prometheus --output /var/lib/node_exporter/textfile/jit.prom

      With --json the text is wrapped: {"format": "prometheus", "path"?, "text"?}.
      """)

  @OptionGroup var global: GlobalOptions
  @Flag(help: "The Prometheus text format (the only format, and the default).") var prometheus = false
  @Option(help: "Write to this file (atomically) instead of standard output.") var output: String?

  func execute(_ context: CommandContext) throws {
    let application = try context.application()
    let text = try application.exportMetrics(to: output.map(context.absolute))
    if let output {
      if context.json { try context.emit(MetricsOutputView(format: "prometheus", path: output)) { "" } }
      return
    }
    if context.json {
      try context.emit(MetricsOutputView(format: "prometheus", text: text)) { "" }
    } else {
      context.output.standardOutput(text)
    }
  }
}

import ArgumentParser
import JitApp
import JitCore
import JitWire

/// `jit metrics report --format csv|json [--output FILE] [--since ..] [--until ..] [--by ..]`.
struct MetricsReportCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "report", abstract: "Flow metrics per issue, day or assignee, as CSV or JSON.",
    discussion: """
      Computed in one pass over .jit/events.jsonl. --by issue (the default): created, first \
      claimed, completed and done times, lead time (created to done), cycle time (first claim to \
      done), seconds gated, gate failures, attempts and reclaims. --by day: issues created and \
      completed that day, and ready, in progress and blocked (backlog) at its last event. --by \
      assignee: claims, completions, reclaims and mean cycle time. --since/--until keep the \
      events in a time range (an ISO time, 2h, 3d, today, as 'events query' takes them).

      CSV is RFC 4180 (a header row, CRLF line ends, fields quoted where needed). With --output \
      the file is written atomically; --json then prints what was written. Without --output the \
      report goes to standard output (--json prints it as JSON: use --format json, not csv).

        jit metrics report --format csv --output metrics.csv
        jit metrics report --by day --since 7d --format json
      """)

  @OptionGroup var global: GlobalOptions
  @Option(help: "csv or json (default: csv; json with --json).") var format: String?
  @Option(help: "Write the report to this file (atomically) instead of standard output.") var output: String?
  @Option(help: "Only events at or after this time.") var since: String?
  @Option(help: "Only events before this time.") var until: String?
  @Option(help: "One row per issue, day or assignee.") var by: String = "issue"

  func execute(_ context: CommandContext) throws {
    let format = self.format ?? (context.json ? "json" : "csv")
    guard format == "csv" || format == "json" else {
      throw JitError.invalidArgument(
        "--format takes csv or json, not '\(format)'", details: ["format": .string(format)])
    }
    if context.json && format == "csv" && output == nil {
      throw JitError.invalidArgument("--json prints JSON: use --format json, or --output FILE for the CSV")
    }
    let application = try context.application()
    let report = try application.metricsReport(by: by, since: since, until: until)
    guard let output else {
      if format == "json" {
        context.output.standardOutput(try WireEncoder.document(report.json) + "\n")
      } else {
        context.output.standardOutput(report.csv)
      }
      return
    }
    let path = context.absolute(output)
    let text = format == "json" ? try WireEncoder.document(report.json) + "\n" : report.csv
    try application.writeReport(Array(text.utf8), to: path)
    try context.emit(
      MetricsOutputView(
        format: format, path: output, by: report.grouping.rawValue, columns: report.columns,
        rows: report.rows.count)
    ) { "Wrote \(report.rows.count) rows (by \(report.grouping.rawValue)) to \(output)." }
  }
}

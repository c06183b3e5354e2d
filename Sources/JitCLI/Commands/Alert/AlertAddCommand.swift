import ArgumentParser
import JitApp
import JitCore
import JitWire

/// `jit alert add NAME --condition EXPR [--for DURATION] --notify TARGET...`.
struct AlertAddCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "add", abstract: "Define an alert.",
    discussion: """
      --condition compares metrics with numbers (>, >=, <, <=, ==, !=), combined with and/or \
      ('and' first) and parentheses. A condition that does not parse, or names an unknown metric, \
      is refused with the column of the problem. --for (90s, 15m, 2h) is how long it must hold \
      before the alert fires (default: at once). --notify (repeatable) is webhook:URL (http or \
      https: a POST of the alert as JSON, through jit-notify) or command:PATH (run with the alert \
      as JSON on standard input; a relative path is from the repository root).

        jit alert add too-blocked --condition "blocked_count > 5" --for 10m \\
          --notify webhook:https://hooks.example.com/jit

      Metrics: \(MetricsSnapshot.conditionMetrics.map { "\($0.name) (\($0.help))" }.joined(separator: "; ")).
      """)

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The alert's name: 1-64 of a-z 0-9 - _ .") var alert: String
  @Option(help: "When the alert holds, e.g. \"blocked_count > 5\".") var condition: String
  @Option(name: .customLong("for"), help: "How long the condition must hold before firing (10m, 1h).")
  var duration: String?
  @Option(help: "Where notifications go: webhook:URL or command:PATH (repeatable).") var notify: [String] = []
  @Option(help: "Who adds it (default: JIT_ACTOR, then human:$USER).") var by: String?

  func execute(_ context: CommandContext) throws {
    let definition = try context.application().addAlert(
      alert, condition: condition, for: duration, notify: notify, by: by)
    try context.emit(definition) { "Added alert \(definition.name): \(definition.condition)" }
  }
}

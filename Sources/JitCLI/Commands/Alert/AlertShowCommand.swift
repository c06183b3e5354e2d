import ArgumentParser
import JitApp
import JitCore
import JitWire

/// `jit alert show NAME`.
struct AlertShowCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "show", abstract: "Show one alert: its definition and where it stands.")

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The alert's name.") var alert: String

  func execute(_ context: CommandContext) throws {
    let application = try context.application()
    let view = AlertView(try application.alert(alert), status: try application.alertStates()[alert])
    try context.emit(view) {
      var lines = [
        "\(view.name): \(view.condition)", "  state:     \(view.state)",
        "  for:       \(DurationText.describe(view.forSeconds))",
        "  notify:    \(view.notify.joined(separator: ", "))",
      ]
      if let since = view.activeSince { lines.append("  since:     \(since)") }
      if let value = view.lastValue, let at = view.lastEvaluated {
        lines.append("  last:      \(value) at \(at)")
      }
      return lines.joined(separator: "\n")
    }
  }
}

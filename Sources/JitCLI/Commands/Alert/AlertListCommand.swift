import ArgumentParser
import JitApp
import JitCore
import JitWire

/// `jit alert list`.
struct AlertListCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "list", abstract: "List the alerts and where each stands.",
    discussion: "The state (inactive, pending, firing) is as of the last 'jit alert check'.")

  @OptionGroup var global: GlobalOptions

  func execute(_ context: CommandContext) throws {
    let application = try context.application()
    let states = try application.alertStates()
    let views = try application.alerts().sorted.map { AlertView($0, status: states[$0.name]) }
    try context.emit(views) {
      guard !views.isEmpty else { return "No alerts." }
      var table = Table("NAME", "STATE", "FOR", "CONDITION", "NOTIFY")
      for view in views {
        table.add(
          view.name, view.state, DurationText.describe(view.forSeconds), view.condition,
          view.notify.joined(separator: " "))
      }
      return table.render()
    }
  }
}

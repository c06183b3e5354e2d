import ArgumentParser
import JitApp
import JitCore
import JitWire

/// `jit alert rm NAME`.
struct AlertRemoveCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "rm", abstract: "Remove an alert (a firing one is not notified as resolved).")

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The alert's name.") var alert: String
  @Option(help: "Who removes it (default: JIT_ACTOR, then human:$USER).") var by: String?

  func execute(_ context: CommandContext) throws {
    let removed = try context.application().removeAlert(alert, by: by)
    try context.emit(removed) { "Removed alert \(removed.name)." }
  }
}

import ArgumentParser

/// `jit issue dep add|rm`.
struct DepCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "dep", abstract: "Add or remove dependencies (prerequisites).",
    subcommands: [DepAddCommand.self, DepRemoveCommand.self])
}

import ArgumentParser
import JitCore
import JitWire

/// `jit issue dep add|rm`.
struct DepCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "dep", abstract: "Add or remove dependencies (prerequisites).",
    subcommands: [DepAddCommand.self, DepRemoveCommand.self])
}

struct DepAddCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "add", abstract: "Make an issue depend on others.",
    discussion: """
      Give at least one --on. Refused, changing nothing: an unknown id (exit 3), a self-dependency \
      (exit 4), or a cycle (exit 4, CYCLE_DETECTED, with the cycle's path). An edge that exists \
      already is a no-op.
      """)

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The issue that depends: its id or a unique suffix of 4+ characters.") var id: String
  @Option(name: .customLong("on"), help: "The prerequisite (repeatable).") var prerequisites: [String] = []
  @Option(help: "Who is changing it (type:identifier).") var by: String?

  func execute(_ context: CommandContext) throws {
    let change = try context.tracker().addDependencies(id, on: prerequisites, by: try context.actor(by))
    try context.emit(DependencyChangeView(change, .added)) { DependencyText.text(change, verb: "depends on") }
  }
}

struct DepRemoveCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "rm", abstract: "Remove dependencies.", aliases: ["remove"])

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The issue that depends: its id or a unique suffix of 4+ characters.") var id: String
  @Option(name: .customLong("on"), help: "The prerequisite to drop (repeatable).") var prerequisites:
    [String] = []
  @Option(help: "Who is changing it (type:identifier).") var by: String?

  func execute(_ context: CommandContext) throws {
    let change = try context.tracker().removeDependencies(id, on: prerequisites, by: try context.actor(by))
    try context.emit(DependencyChangeView(change, .removed)) {
      DependencyText.text(change, verb: "no longer depends on")
    }
  }
}

/// The words people see for a dependency edit.
enum DependencyText {
  static func text(_ change: DependencyChange, verb: String) -> String {
    var text = ""
    if !change.changed.isEmpty {
      text += "\(change.issue.id.short) \(verb) \(change.changed.map(\.short).joined(separator: ", "))\n"
    }
    if !change.unchanged.isEmpty {
      text += "unchanged: \(change.unchanged.map(\.short).joined(separator: ", "))\n"
    }
    return text + "\(change.issue.id.short) is \(change.issue.state.rawValue)"
  }
}

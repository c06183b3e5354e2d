import ArgumentParser
import JitCore
import JitWire

struct GateRemoveCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "remove", abstract: "Stop requiring a gate on an issue.",
    discussion: """
      Removing a gate waives it, so only a person (a human: actor) who is not the issue's assignee \
      may do it (GATE_REMOVAL_REQUIRES_HUMAN, SELF_APPROVAL). A gated issue whose other gates have \
      all passed becomes done. Removing a gate the issue does not require is a no-op.
      """, aliases: ["rm"])

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The issue: its id or a unique suffix of 4+ characters.") var id: String
  @Argument(help: "The gate key.") var key: String
  @Option(help: "Who is removing it (type:identifier; a bare name is an agent).") var by: String?

  func execute(_ context: CommandContext) throws {
    let change = try context.application().removeGate(id, key, by: by)
    try context.emit(GateChangeView(change)) {
      (change.changed ? "Removed gate \(key) from " : "Gate \(key) was not on ")
        + IssueText.line(change.issue)
    }
  }
}

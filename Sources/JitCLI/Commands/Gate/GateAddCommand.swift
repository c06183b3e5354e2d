import ArgumentParser
import JitCore
import JitWire

struct GateAddCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "add", abstract: "Require a gate on an issue.",
    discussion: """
      The key must be in the registry (GATE_NOT_FOUND otherwise). The gate starts pending; a \
      precheck gate sends a ready issue back to backlog. Adding a gate twice is a no-op.
      """)

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The issue: its id or a unique suffix of 4+ characters.") var id: String
  @Argument(help: "The gate key.") var key: String
  @Option(help: "Who is adding it (type:identifier; a bare name is an agent).") var by: String?

  func execute(_ context: CommandContext) throws {
    let change = try context.application().addGate(id, key, by: by)
    try context.emit(GateChangeView(change)) {
      (change.changed ? "Added gate \(key) to " : "Gate \(key) was already on ")
        + IssueText.line(change.issue)
    }
  }
}

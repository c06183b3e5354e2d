import ArgumentParser
import JitCore
import JitWire

struct GateShowCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "show", abstract: "Show one gate's definition and the issues that require it.")

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The gate key.") var key: String

  func execute(_ context: CommandContext) throws {
    let tracker = try context.tracker()
    let definition = try tracker.gateDefinition(key)
    let users = try tracker.issuesRequiring(key)
    try context.emit(WithIssueIDs(definition, "required_by", users)) {
      GateText.detail(definition, requiredBy: users)
    }
  }
}

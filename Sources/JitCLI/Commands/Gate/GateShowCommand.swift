import ArgumentParser
import JitCore
import JitWire

struct GateShowCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "show", abstract: "Show one gate's definition and the issues that require it.")

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The gate key.") var key: String

  func execute(_ context: CommandContext) throws {
    let gate = try context.application().gate(key)
    try context.emit(WithIssueIDs(gate.definition, "required_by", gate.requiredBy)) {
      GateText.detail(gate.definition, requiredBy: gate.requiredBy)
    }
  }
}

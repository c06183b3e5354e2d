import ArgumentParser
import JitCore

struct GateShowCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "show", abstract: "Show one gate's definition and the issues that require it.")

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The gate key.") var key: String

  func execute(_ context: CommandContext) throws {
    let tracker = try context.tracker()
    let definition = try tracker.gateDefinition(key)
    let users = try tracker.issuesRequiring(key)
    try context.emit(GateDefinitionView(gate: definition, requiredBy: users)) {
      GateText.detail(definition, requiredBy: users)
    }
  }
}

/// A definition with the issues that require it.
struct GateDefinitionView: Encodable {
  var gate: GateDefinition
  var requiredBy: [IssueID]

  enum CodingKeys: String, CodingKey {
    case requiredBy = "required_by"
  }

  func encode(to encoder: any Encoder) throws {
    try gate.encode(to: encoder)
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(requiredBy, forKey: .requiredBy)
  }
}

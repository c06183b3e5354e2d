import ArgumentParser
import JitCore

struct QueryAssigneeCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "assignee", abstract: "Issues held by one actor, in any state.")

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The actor, written type:identifier (such as agent:copilot-1).") var name: String

  func execute(_ context: CommandContext) throws {
    let actor = try Actor(validating: name)
    try QueryOutput.run(.assignee(actor), context: context)
  }
}

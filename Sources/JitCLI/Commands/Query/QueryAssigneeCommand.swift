import ArgumentParser
import JitCore

struct QueryAssigneeCommand: LongOutputCommand {
  static let configuration = CommandConfiguration(
    commandName: "assignee", abstract: "Issues held by one actor, in any state.")

  @OptionGroup var global: GlobalOptions
  @Option(help: "Print at most N issues (the first N in work order).") var limit: Int?
  @Argument(help: "The actor, written type:identifier (such as agent:copilot-1; a bare name is an agent).")
  var name: String

  func execute(_ context: CommandContext) throws {
    let actor = try Actor(validating: name)
    try QueryOutput.run(.assignee(actor), limit: limit, context: context)
  }
}

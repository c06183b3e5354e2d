import ArgumentParser
import JitCore

struct QueryStateCommand: LongOutputCommand {
  static let configuration = CommandConfiguration(
    commandName: "state", abstract: "Issues in one state.",
    discussion:
      "States: backlog, ready, in_progress, gated, done, archived; 'open' means all but the last two.")

  @OptionGroup var global: GlobalOptions
  @Option(help: "Print at most N issues (the first N in work order).") var limit: Int?
  @Argument(help: "A state name, or 'open'.") var state: String

  func execute(_ context: CommandContext) throws {
    let states = Set(try IssueFilter.parseStates(state))
    try QueryOutput.run(.states(states), limit: limit, context: context)
  }
}

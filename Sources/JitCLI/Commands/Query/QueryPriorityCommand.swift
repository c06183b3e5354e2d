import ArgumentParser
import JitCore

struct QueryPriorityCommand: LongOutputCommand {
  static let configuration = CommandConfiguration(
    commandName: "priority", abstract: "Issues of one priority, in any state.")

  @OptionGroup var global: GlobalOptions
  @Option(help: "Print at most N issues (the first N in work order).") var limit: Int?
  @Argument(help: "low, normal, high or critical.") var level: String

  func execute(_ context: CommandContext) throws {
    guard let priority = Priority(name: level) else {
      throw JitError.invalidArgument(
        "unknown priority '\(level)' (use low, normal, high or critical)", details: ["input": .string(level)])
    }
    try QueryOutput.run(.priority(priority), limit: limit, context: context)
  }
}

import ArgumentParser
import JitCore

struct QueryReadyCommand: LongOutputCommand {
  static let configuration = CommandConfiguration(
    commandName: "ready", abstract: "Issues ready for work: state ready and nobody holds them.",
    discussion: "The work an agent may claim, most urgent first ('jit issue claim <id>' takes one).")

  @OptionGroup var global: GlobalOptions
  @Option(help: "Print at most N issues (the first N in work order).") var limit: Int?

  func execute(_ context: CommandContext) throws {
    try QueryOutput.run(.ready, limit: limit, context: context)
  }
}

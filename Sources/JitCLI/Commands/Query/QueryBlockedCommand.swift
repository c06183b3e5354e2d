import ArgumentParser
import JitCore

struct QueryBlockedCommand: LongOutputCommand {
  static let configuration = CommandConfiguration(
    commandName: "blocked", abstract: "Open issues held back, with the reasons.",
    discussion: """
      An open issue is blocked by each dependency that is not done (listed with its state, or \
      'missing'), by each precheck gate that has not passed, and, once it is gated, by each required \
      gate that has not passed. With --json, "blocked_by" holds "dependencies" and "gates".
      """)

  @OptionGroup var global: GlobalOptions
  @Option(help: "Print at most N issues (the first N in work order).") var limit: Int?

  func execute(_ context: CommandContext) throws {
    try QueryOutput.run(.blocked, limit: limit, context: context)
  }
}

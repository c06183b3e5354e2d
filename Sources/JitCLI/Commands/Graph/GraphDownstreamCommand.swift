import ArgumentParser
import JitCore

struct GraphDownstreamCommand: LongOutputCommand {
  static let configuration = CommandConfiguration(
    commandName: "downstream", abstract: "The tree of issues that depend on an issue, transitively.")

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The issue: its id or a unique suffix of 4+ characters.") var id: String
  @Option(help: "How many levels to draw below the issue (default: all).") var depth: Int?

  func execute(_ context: CommandContext) throws {
    let tree = try context.application().tree(id, .downstream, depth: depth)
    GraphTreeText.print(tree, direction: .downstream, context: context)
  }
}

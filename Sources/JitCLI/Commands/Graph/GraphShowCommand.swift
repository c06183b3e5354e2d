import ArgumentParser
import JitCore

struct GraphShowCommand: LongOutputCommand {
  static let configuration = CommandConfiguration(
    commandName: "show", abstract: "The tree of an issue's prerequisites (what must be done first).")

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The issue: its id or a unique suffix of 4+ characters.") var id: String
  @Option(help: "How many levels to draw below the issue (default: all).") var depth: Int?

  func execute(_ context: CommandContext) throws {
    let tree = try context.application().tree(id, .upstream, depth: depth)
    GraphTreeText.print(tree, direction: .upstream, context: context)
  }
}

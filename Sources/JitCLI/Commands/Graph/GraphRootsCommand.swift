import ArgumentParser
import JitCore
import JitWire

struct GraphRootsCommand: LongOutputCommand {
  static let configuration = CommandConfiguration(
    commandName: "roots", abstract: "Issues with no dependencies: where the graph starts.",
    discussion: "Archived issues are left out unless --all. Ordered by priority, then age.")

  @OptionGroup var global: GlobalOptions
  @Flag(help: "Include archived issues.") var all = false

  func execute(_ context: CommandContext) throws {
    let roots = try context.application().roots(includeArchived: all)
    if context.json {
      // Streamed from the rows, `dependent_count` spliced in: the bytes `RootView` encodes.
      var writer = IssueArrayWriter()
      for root in roots {
        writer.add(RootView.row(root.row, dependents: root.dependents)) {
          context.output.standardOutput(bytes: $0)
        }
      }
      writer.finish { context.output.standardOutput(bytes: $0) }
      return
    }
    guard !roots.isEmpty else { return context.output.standardOutput("No issues.\n") }
    var table = Table("ID", "STATE", "PRIORITY", "DEPENDENTS", "TITLE")
    for root in roots {
      let row = root.row
      table.add(row.id.short, row.state.rawValue, row.priority.rawValue, String(root.dependents), row.title)
    }
    context.output.standardOutput(table.render(colour: context.colour))
  }
}

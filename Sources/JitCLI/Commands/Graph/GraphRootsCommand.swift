import ArgumentParser
import JitCore
import JitWire

struct GraphRootsCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "roots", abstract: "Issues with no dependencies: where the graph starts.",
    discussion: "Archived issues are left out unless --all. Ordered by priority, then age.")

  @OptionGroup var global: GlobalOptions
  @Flag(help: "Include archived issues.") var all = false

  func execute(_ context: CommandContext) throws {
    let roots = try context.application().roots(includeArchived: all)
    try context.emit(roots.map { RootView(issue: $0.issue, dependents: $0.dependents) }) {
      guard !roots.isEmpty else { return "No issues." }
      var table = Table("ID", "STATE", "PRIORITY", "DEPENDENTS", "TITLE")
      for root in roots {
        let issue = root.issue
        table.add(
          issue.id.short, issue.state.rawValue, issue.priority.rawValue, String(root.dependents), issue.title)
      }
      return table.render()
    }
  }
}

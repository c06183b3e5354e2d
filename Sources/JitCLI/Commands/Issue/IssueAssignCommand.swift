import ArgumentParser
import JitCore
import JitWire

struct IssueAssignCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "assign", abstract: "Set an issue's assignee without starting it (planning).")

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The issue: its id or a unique suffix of 4+ characters.") var id: String
  @Option(help: "The assignee (type:identifier; a bare name is an agent).") var to: String
  @Option(help: "Who is assigning (type:identifier; a bare name is an agent).") var by: String?

  func execute(_ context: CommandContext) throws {
    let issue = try context.application().assign(id, to: to, by: by)
    try context.emit(IssueView(issue)) {
      "Assigned \(issue.id.short) to \(issue.assignee?.description ?? to)"
    }
  }
}

import ArgumentParser
import JitCore
import JitWire

struct IssueUnassignCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "unassign", abstract: "Clear an issue's assignee; an in-progress issue goes back to ready.")

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The issue: its id or a unique suffix of 4+ characters.") var id: String
  @Option(help: "Who is unassigning (type:identifier; a bare name is an agent).") var by: String?

  func execute(_ context: CommandContext) throws {
    let issue = try context.application().unassign(id, by: by)
    try context.emit(IssueView(issue)) { "Unassigned \(IssueText.line(issue))" }
  }
}

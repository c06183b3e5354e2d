import ArgumentParser
import JitCore
import JitWire

struct IssueReopenCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "reopen", abstract: "Reopen a done issue; its gates go back to pending.")

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The issue: its id or a unique suffix of 4+ characters.") var id: String
  @Option(help: "Why it is reopened.") var reason: String?
  @Option(help: "Who is reopening it (type:identifier; a bare name is an agent).") var by: String?

  func execute(_ context: CommandContext) throws {
    let issue = try context.application().reopen(id, reason: reason, by: by)
    try context.emit(IssueView(issue)) { "Reopened \(IssueText.line(issue))" }
  }
}

import ArgumentParser
import JitCore
import JitWire

struct IssueUnarchiveCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "unarchive",
    abstract: "Bring an archived issue back: done if it was done, else its state derived again.")

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The issue: its id or a unique suffix of 4+ characters.") var id: String
  @Option(help: "Who is unarchiving it (type:identifier; a bare name is an agent).") var by: String?

  func execute(_ context: CommandContext) throws {
    let issue = try context.application().unarchive(id, by: by)
    try context.emit(IssueView(issue)) { "Unarchived \(IssueText.line(issue))" }
  }
}

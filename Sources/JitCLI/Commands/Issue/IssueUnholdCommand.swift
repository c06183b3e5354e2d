import ArgumentParser
import JitCore
import JitWire

struct IssueUnholdCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "unhold", abstract: "Let a held issue be ready again.",
    discussion: "Its attempts start again from 0. An issue that is not held is left as it is.")

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The issue: its id or a unique suffix of 4+ characters.") var id: String
  @Option(
    help: "Who is unholding it (type:identifier; a bare name is an agent); default $JIT_ACTOR or human:$USER."
  ) var by: String?

  func execute(_ context: CommandContext) throws {
    let issue = try context.application().unhold(id, by: by)
    try context.emit(IssueView(issue)) { "Unheld \(IssueText.line(issue))" }
  }
}

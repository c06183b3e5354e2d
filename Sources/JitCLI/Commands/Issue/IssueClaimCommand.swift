import ArgumentParser
import JitCore
import JitWire

struct IssueClaimCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "claim", abstract: "Atomically take a ready issue and start it.",
    discussion:
      "Fails (exit 5, ALREADY_ASSIGNED) if someone else holds it, and (exit 4, NOT_READY) if it is not ready."
  )

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The issue: its id or a unique suffix of 4+ characters.") var id: String
  @Option(help: "Who is claiming (type:identifier); default $JIT_ACTOR or human:$USER.") var to: String?

  func execute(_ context: CommandContext) throws {
    let issue = try context.application().claim(id, to: to)
    try context.emit(IssueView(issue)) {
      "Claimed \(IssueText.line(issue)) for \(issue.assignee?.description ?? "")"
    }
  }
}

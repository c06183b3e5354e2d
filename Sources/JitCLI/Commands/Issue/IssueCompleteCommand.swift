import ArgumentParser
import JitCore
import JitWire

struct IssueCompleteCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "complete", abstract: "Finish the work on an in-progress issue.",
    discussion: "It becomes done if every required gate has passed, else gated until they do.")

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The issue: its id or a unique suffix of 4+ characters.") var id: String
  @Option(help: "Who is completing it (type:identifier).") var by: String?

  func execute(_ context: CommandContext) throws {
    let completion = try context.application().complete(id, by: by)
    let issue = completion.issue
    try context.emit(IssueView(issue, untilDone: completion.outlook)) {
      issue.state == .done
        ? "Done: \(IssueText.line(issue))"
        : "Gated: \(IssueText.line(issue))\n  waiting for: "
          + completion.outlook.gates.map { "\($0.key) (\($0.status.rawValue))" }.joined(separator: ", ")
    }
  }
}

import ArgumentParser
import JitCore
import JitWire

struct IssueClaimNextCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "claim-next", abstract: "Claim the most urgent ready, unassigned issue.",
    discussion: """
      Takes the highest-priority ready issue nobody holds, oldest first among equals. --filter narrows
      the choice: "priority:high|critical", "state:...", "assignee:...". Exits 3 (NO_READY_ISSUE)
      when nothing matches.
      """)

  @OptionGroup var global: GlobalOptions
  @Option(help: "Only issues matching this filter, such as \"priority:high|critical\".") var filter: String?
  @Option(help: "Who is claiming (type:identifier); default $JIT_ACTOR or human:$USER.") var to: String?

  func execute(_ context: CommandContext) throws {
    let issue = try context.application().claimNext(filter: filter, to: to)
    try context.emit(IssueView(issue)) {
      "Claimed \(IssueText.line(issue)) for \(issue.assignee?.description ?? "")"
    }
  }
}

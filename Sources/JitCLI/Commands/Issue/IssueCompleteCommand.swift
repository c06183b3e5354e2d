import ArgumentParser
import JitCore
import JitWire

struct IssueCompleteCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "complete", abstract: "Finish the work on an in-progress issue.",
    discussion: """
      It becomes done if every required gate has passed, else gated until they do. Only its holder \
      completes it (NOT_HOLDER), or a person, recorded as an override; under --claim (or \
      $JIT_CLAIM), only while that claim is current (STALE_CLAIM).
      """)

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The issue: its id or a unique suffix of 4+ characters.") var id: String
  @Option(help: "Who is completing it (type:identifier; a bare name is an agent).") var by: String?
  @Option(help: "The claim generation you act under (default $JIT_CLAIM): refused once stale.") var claim:
    String?

  func execute(_ context: CommandContext) throws {
    let completion = try context.application().complete(id, by: by, claim: claim)
    let issue = completion.issue
    try context.emit(IssueView(issue, untilDone: completion.outlook)) {
      issue.state == .done
        ? "Done: \(IssueText.line(issue))"
        : "Gated: \(IssueText.line(issue))\n  waiting for: "
          + completion.outlook.gates.map { "\($0.key) (\($0.status.rawValue))" }.joined(separator: ", ")
    }
  }
}

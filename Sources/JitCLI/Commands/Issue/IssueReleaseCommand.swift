import ArgumentParser
import JitCore
import JitWire

struct IssueReleaseCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "release", abstract: "Give claimed work back, so that it is ready for someone else.",
    discussion: """
      The issue loses its assignee and lease, takes a new claim generation (so that the old claim's \
      commands are refused), and becomes ready again (or backlog). --hold REASON holds it back from \
      ready until 'jit issue unhold'. Only the holder releases, under its current claim (--claim GEN, \
      else $JIT_CLAIM); a person may release another's claim, recorded as an override.
      """)

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The issue: its id or a unique suffix of 4+ characters.") var id: String
  @Option(help: "Hold it back from ready, for this reason (one line).") var hold: String?
  @Option(
    help: "Who is releasing it (type:identifier; a bare name is an agent); default $JIT_ACTOR or human:$USER."
  ) var by: String?
  @Option(help: "The claim generation you hold it under (default $JIT_CLAIM).") var claim: String?

  func execute(_ context: CommandContext) throws {
    let issue = try context.application().release(id, hold: hold, by: by, claim: claim)
    try context.emit(IssueView(issue)) {
      "Released \(IssueText.line(issue))" + (issue.hold.map { "\n  held: \($0.reason)" } ?? "")
    }
  }
}

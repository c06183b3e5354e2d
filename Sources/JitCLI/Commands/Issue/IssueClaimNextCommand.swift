import ArgumentParser
import JitCore
import JitWire

struct IssueClaimNextCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "claim-next", abstract: "Claim the most urgent ready, unassigned issue.",
    discussion: """
      Takes the highest-priority ready issue nobody holds, oldest first among equals. --filter narrows \
      the choice: "priority:high|critical", "state:...", "assignee:...". The answer names the gates \
      the work must pass. Exits 3 (NO_READY_ISSUE) when nothing matches; its details say why: how \
      many are ready but excluded by the filter, in progress and blocked, and the blockers that hold \
      the most work.
      """)

  @OptionGroup var global: GlobalOptions
  @Option(help: "Only issues matching this filter, such as \"priority:high|critical\".") var filter: String?
  @Option(
    help: "Who is claiming (type:identifier; a bare name is an agent); default $JIT_ACTOR or human:$USER.")
  var to: String?
  @Option(
    help: "Claim with a lease (90s, 15m, 2h: 1s to 7d) that lapses unless renewed (jit issue heartbeat).")
  var lease: String?

  func execute(_ context: CommandContext) throws {
    let application = try context.application()
    let issue = try application.claimNext(filter: filter, to: to, lease: lease)
    // The answer names the gates the work must pass (`until_done`, `gates_blocking_done`).
    var view = IssueView(issue, untilDone: try application.outlookAfterClaim(issue))
    if lease != nil { view.lease = try application.lease(issue.id.rawValue) }
    try context.emit(view) {
      "Claimed \(IssueText.line(issue)) for \(issue.assignee?.description ?? "") (claim \(issue.claimGeneration)"
        + (view.lease.map { ", lease until \($0.expiresAt)" } ?? "") + ")"
        + IssueText.gatesToPass(view.untilDone)
    }
  }
}

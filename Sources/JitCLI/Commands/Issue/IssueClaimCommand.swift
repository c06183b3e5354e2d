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
  @Option(
    help: "Who is claiming (type:identifier; a bare name is an agent); default $JIT_ACTOR or human:$USER.")
  var to: String?
  @Option(
    help: "Claim with a lease (90s, 15m, 2h: 1s to 7d) that lapses unless renewed (jit issue heartbeat).")
  var lease: String?

  func execute(_ context: CommandContext) throws {
    let application = try context.application()
    let issue = try application.claim(id, to: to, lease: lease)
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

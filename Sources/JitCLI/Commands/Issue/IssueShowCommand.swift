import ArgumentParser
import JitCore
import JitWire

struct IssueShowCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "show", abstract: "Show one issue, with what stands between it and ready and done.")

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The issue: its id or a unique suffix of 4+ characters.") var id: String

  func execute(_ context: CommandContext) throws {
    let tracker = try context.tracker()
    let (issue, blockedBy, blockingDone, outlook, gates) = try tracker.read { reader in
      let issue = try reader.issue(id)
      // The registry only matters for the gates this issue requires: skip reading it otherwise.
      let readiness = try reader.readiness(gates: issue.gatesRequired.isEmpty ? GateRegistry() : nil)
      let blockers = try readiness.blockersToReady(issue)
      return (
        issue, blockers, readiness.blockersToDone(issue),
        try readiness.untilDone(issue, blockersToReady: blockers),
        readiness.gates
      )
    }
    let view = IssueView(issue, blockedBy: blockedBy, gatesBlockingDone: blockingDone, untilDone: outlook)
    try context.emit(view) {
      IssueText.detail(
        issue, blockedBy: blockedBy, gatesBlockingDone: blockingDone, untilDone: outlook, gates: gates)
    }
  }
}

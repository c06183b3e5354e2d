import ArgumentParser
import JitCore
import JitWire

struct IssueShowCommand: LongOutputCommand {
  static let configuration = CommandConfiguration(
    commandName: "show", abstract: "Show one issue, with what stands between it and ready and done.")

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The issue: its id or a unique suffix of 4+ characters.") var id: String

  func execute(_ context: CommandContext) throws {
    let detail = try context.application().issueDetail(id)
    var view = IssueView(
      detail.issue, blockedBy: detail.blockedBy, gatesBlockingDone: detail.gatesBlockingDone,
      untilDone: detail.outlook)
    view.staleGates = detail.staleGates
    view.external = detail.external
    view.signatures = detail.signatures
    view.lease = detail.lease
    try context.emit(view) {
      var text = IssueText.detail(
        detail.issue, blockedBy: detail.blockedBy, gatesBlockingDone: detail.gatesBlockingDone,
        untilDone: detail.outlook, gates: detail.gates)
      if !detail.external.isEmpty {
        text += "\nExternal dependencies:\n"
        for status in detail.external {
          text +=
            "  \(status.alias):\(status.id.short)  \(status.state)"
            + (status.title.map { "  \($0)" } ?? "") + (status.reason.map { "  (\($0))" } ?? "") + "\n"
        }
      }
      if let lease = detail.lease {
        text += "\nLease: claim \(lease.generation) by \(lease.holder), until \(lease.expiresAt)\n"
      }
      for stale in detail.staleGates {
        text +=
          "\nStale: gate \(stale.gate) passed, but \(stale.reason)"
          + (stale.countsAsPending ? " (it counts as pending)" : "") + "\n"
      }
      for check in detail.signatures where !check.verified {
        text += "\nUnverified: gate \(check.gate): \(check.problem ?? "the signature does not verify")\n"
      }
      return text
    }
  }
}

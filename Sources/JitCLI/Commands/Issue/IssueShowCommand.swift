import ArgumentParser
import JitCore
import JitWire

struct IssueShowCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "show", abstract: "Show one issue, with what stands between it and ready and done.")

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The issue: its id or a unique suffix of 4+ characters.") var id: String

  func execute(_ context: CommandContext) throws {
    let detail = try context.application().issueDetail(id)
    let view = IssueView(
      detail.issue, blockedBy: detail.blockedBy, gatesBlockingDone: detail.gatesBlockingDone,
      untilDone: detail.outlook)
    try context.emit(view) {
      IssueText.detail(
        detail.issue, blockedBy: detail.blockedBy, gatesBlockingDone: detail.gatesBlockingDone,
        untilDone: detail.outlook, gates: detail.gates)
    }
  }
}

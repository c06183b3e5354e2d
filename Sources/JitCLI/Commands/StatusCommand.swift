import ArgumentParser
import JitCore
import JitWire

/// `jit status`: the repository at a glance.
struct StatusCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "status", abstract: "Counts at a glance: issues by state, blocked, and ready to claim.",
    discussion: """
      blocked: open issues held back by a dependency that is not done or by a gate that holds them \
      at their stage, as 'jit query blocked' lists them (a precheck gate before ready, any gate of \
      a gated issue before done). ready: issues in state ready with no assignee, which \
      'jit issue claim-next' can take. With --json: {"total", "open", "blocked", "ready", "by_state": {state: count}}.
      """)

  @OptionGroup var global: GlobalOptions

  func execute(_ context: CommandContext) throws {
    let summary = try context.application().status()
    try context.emit(summary) {
      var table = Table("STATE", "COUNT")
      for state in IssueState.allCases {
        table.add(state.rawValue, String(summary.byState[state.rawValue] ?? 0))
      }
      return "\(summary.total) issues, \(summary.open) open: \(summary.ready) ready to claim, "
        + "\(summary.blocked) blocked\n\n" + table.render(colour: context.colour)
    }
  }
}

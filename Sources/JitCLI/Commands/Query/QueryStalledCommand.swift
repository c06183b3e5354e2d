import ArgumentParser
import JitCore
import JitWire

struct QueryStalledCommand: LongOutputCommand {
  static let configuration = CommandConfiguration(
    commandName: "stalled", abstract: "In-progress issues whose lease ran out, or idle too long.",
    discussion: """
      Lists in-progress issues whose claim's lease has expired and, with --idle, those that have not \
      changed and whose lease was not renewed for longer than that (90s, 30m, 2h: 1s to 365d); \
      longest idle first, each with how long.
      """)

  @OptionGroup var global: GlobalOptions
  @Option(help: "Also list issues idle for longer than this (30m, 2h, ...).") var idle: String?

  func execute(_ context: CommandContext) throws {
    let stalled = try context.application().stalled(idle: idle)
    try context.emit(stalled.map(StalledView.init)) {
      guard !stalled.isEmpty else { return "No stalled issues." }
      var table = Table("ID", "ASSIGNEE", "IDLE", "LEASE", "TITLE")
      for item in stalled {
        table.add(
          item.issue.id.short, item.issue.assignee?.description ?? "-",
          DurationText.describe(item.idleMs / 1000),
          item.lease.map { item.leaseExpired ? "expired \($0.expiresAt)" : "until \($0.expiresAt)" }
            ?? "none",
          item.issue.title)
      }
      return table.render()
    }
  }
}

import ArgumentParser
import JitCore
import JitWire

struct GatePassCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "pass", abstract: "Pass a gate on an issue by hand.",
    discussion: """
      A manual gate is passed only by a person (human:...) who is not the issue's assignee \
      (MANUAL_GATE_REQUIRES_HUMAN, SELF_APPROVAL). An automated gate is passed by automation (a \
      non-human actor; AUTOMATED_GATE_REQUIRES_AUTOMATION for a person), or through 'jit gate \
      check' / 'jit gate ingest'. A gated issue becomes done when its last gate passes.
      """)

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The issue: its id or a unique suffix of 4+ characters.") var id: String
  @Argument(help: "The gate key.") var key: String
  @Option(help: "Who is passing it (type:identifier); default $JIT_ACTOR or human:$USER.") var by: String?
  @Option(help: "A note kept as the gate's evidence.") var reason: String?

  func execute(_ context: CommandContext) throws {
    try GateVerdictCommand.run(id, key, .passed, by: by, reason: reason, context)
  }
}

/// What `gate pass` and `gate fail` share.
enum GateVerdictCommand {
  static func run(
    _ id: String, _ key: String, _ status: GateState, by: String?, reason: String?, _ context: CommandContext
  ) throws {
    let tracker = try context.tracker()
    let change = try tracker.setGate(id, key, to: status, by: try context.actor(by), reason: reason)
    try context.emit(GateChangeView(change)) {
      let verb = status == .passed ? "Passed" : "Failed"
      let head =
        change.changed
        ? "\(verb) gate \(key) on \(IssueText.line(change.issue))"
        : "Gate \(key) was already \(status.rawValue) on \(IssueText.line(change.issue))"
      return head + "\n  " + change.outlook.summary
    }
  }
}

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
    let change = try context.application().setGate(id, key, to: .passed, reason: reason, by: by)
    try context.emit(GateChangeView(change)) { GateText.verdict(change, key, .passed) }
  }
}

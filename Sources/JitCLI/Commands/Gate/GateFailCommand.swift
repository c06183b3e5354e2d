import ArgumentParser
import JitCore
import JitWire

struct GateFailCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "fail", abstract: "Fail a gate on an issue by hand.",
    discussion: """
      A manual gate is failed only by a person (human:...); anyone may fail an automated gate. \
      A failed gate on a gated issue sends it back to in_progress for rework.
      """)

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The issue: its id or a unique suffix of 4+ characters.") var id: String
  @Argument(help: "The gate key.") var key: String
  @Option(
    help: "Who is failing it (type:identifier; a bare name is an agent); default $JIT_ACTOR or human:$USER.")
  var by: String?
  @Option(help: "The claim generation you act under (default $JIT_CLAIM): refused once stale.") var claim:
    String?
  @Option(help: "Why it failed, kept as the gate's evidence.") var reason: String?

  func execute(_ context: CommandContext) throws {
    let change = try context.application().setGate(id, key, to: .failed, reason: reason, by: by, claim: claim)
    try context.emit(GateChangeView(change)) { GateText.verdict(change, key, .failed) }
  }
}

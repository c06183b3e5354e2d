import ArgumentParser
import JitCore
import JitWire

struct GatePassCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "pass", abstract: "Pass a gate on an issue by hand.",
    discussion: """
      A manual gate is passed only by a person (human:...) who has not held the issue since its \
      gates were last reset (MANUAL_GATE_REQUIRES_HUMAN, SELF_APPROVAL), who names themselves with \
      --by or JIT_ACTOR (APPROVER_NOT_NAMED: $USER is never assumed for an approval), and who meets \
      the gate's approval policy: at a terminal (APPROVAL_REQUIRES_TERMINAL), or signing with \
      --sign-key (SIGNATURE_REQUIRED, SIGNATURE_INVALID). A gate with a command or plugin is passed \
      by 'jit gate check' or 'jit gate ingest' (CHECKER_GATE_REQUIRES_CHECK), or overridden by such \
      a person with --override --reason. Any other automated gate is passed by automation (a \
      non-human actor; AUTOMATED_GATE_REQUIRES_AUTOMATION for a person). A pass records the commit \
      it was given at, and whether the tree was dirty. A gated issue becomes done when its last \
      gate passes.
      """)

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The issue: its id or a unique suffix of 4+ characters.") var id: String
  @Argument(help: "The gate key.") var key: String
  @Option(
    help:
      "Who is passing it (type:identifier; a bare name is an agent); default $JIT_ACTOR, or human:$USER except for an approval."
  )
  var by: String?
  @Option(help: "A note kept as the gate's evidence (required with --override).") var reason: String?
  @Flag(help: "Pass a gate its checker decides, as a person's recorded override.") var override = false
  @Option(help: "The SSH key to sign a signed approval with (default $JIT_SIGNING_KEY).") var signKey: String?
  @Option(help: "The claim generation you act under (default $JIT_CLAIM): refused once stale.") var claim:
    String?

  func execute(_ context: CommandContext) throws {
    let change = try context.application().setGate(
      id, key, to: .passed, reason: reason, by: by, override: override, signingKey: signKey, claim: claim)
    try context.emit(GateChangeView(change)) { GateText.verdict(change, key, .passed) }
  }
}

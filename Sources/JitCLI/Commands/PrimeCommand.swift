import ArgumentParser
import JitCore
import JitWire

/// `jit prime`: a compact primer for an agent starting work.
struct PrimeCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "prime", abstract: "A compact primer for an agent starting work (under 1,500 characters).",
    discussion: """
      What jit is, its rules (claim before work, complete through gates, never edit .jit/ by hand), \
      the five most urgent ready issues, what the caller holds, and the few commands it needs. Put \
      its output in an agent's context at the start of a session. With --json: {"about", "rules", \
      "actor", "held", "ready", "ready_total", "commands"}.
      """)

  @OptionGroup var global: GlobalOptions
  @Option(
    help: "Who is starting (type:identifier; a bare name is an agent); default $JIT_ACTOR or human:$USER.")
  var by: String?

  func execute(_ context: CommandContext) throws {
    let primer = try context.application().prime(by: by)
    try context.emit(primer) { Self.text(primer) }
  }

  /// The most characters the primer prints (the issue asks for under 1,500).
  static let limit = 1_499

  /// The primer in words; titles are cut (further if need be) so that it stays within `limit`.
  static func text(_ primer: PrimeView) -> String {
    for width in [40, 24, 12, 0] {
      let text = text(primer, titleWidth: width)
      if text.count <= limit { return text }
    }
    return String(text(primer, titleWidth: 0).prefix(limit))
  }

  static func text(_ primer: PrimeView, titleWidth: Int) -> String {
    func cut(_ title: String) -> String {
      let title = Renderer.oneLine(title)
      return title.count > titleWidth ? String(title.prefix(max(titleWidth - 1, 0))) + "…" : title
    }
    var text = PrimeView.about.joined(separator: "\n") + "\n\nRules:\n"
    text += PrimeView.rules.map { "- \($0)\n" }.joined()
    text += "\nYou: \(primer.actor ?? "unknown (set JIT_ACTOR, or pass --by)")"
    text +=
      primer.held.isEmpty
      ? ", holding nothing.\n"
      : ", holding:\n" + primer.held.map { "  \($0.shortID) \($0.state): \(cut($0.title))\n" }.joined()
    text += "\nReady (\(primer.ready.count) of \(primer.readyTotal)):\n"
    text +=
      primer.ready.isEmpty
      ? "  nothing ready\n"
      : primer.ready.map { "  \($0.shortID) \($0.priority): \(cut($0.title))\n" }.joined()
    text += "\nCommands:\n" + primer.commands.map { "  \($0)\n" }.joined()
    return text
  }
}

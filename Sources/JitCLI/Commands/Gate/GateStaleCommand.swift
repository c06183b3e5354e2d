import ArgumentParser
import JitCore
import JitWire

struct GateStaleCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "stale", abstract: "List passed gates whose evidence no longer matches the code.",
    discussion: """
      A verdict records the commit it was given at and whether the working tree was dirty. It is \
      stale when HEAD has since moved to code that differs outside .jit/ (or the commit is gone), \
      or, for a verdict on uncommitted changes, when the working tree outside .jit/ is no longer \
      the one judged. Without an id, every open issue is checked (--all: done and archived too). \
      --reset sets the stale gates whose definition says --on-stale pending back to pending \
      (gate.reset); 'jit issue complete' does the same for its issue.
      """)

  @OptionGroup var global: GlobalOptions
  @Argument(help: "One issue: its id or a unique suffix of 4+ characters (default: every open issue).")
  var id: String?
  @Flag(help: "Check done and archived issues too.") var all = false
  @Flag(help: "Set stale gates that count as pending back to pending.") var reset = false
  @Option(
    help:
      "Who is resetting them (type:identifier; a bare name is an agent); default $JIT_ACTOR or human:$USER.")
  var by: String?

  func validate() throws {
    if reset && all { throw ValidationError("--reset acts on open issues only: drop --all") }
  }

  func execute(_ context: CommandContext) throws {
    let application = try context.application()
    // A malformed --by is a usage error even where nothing is reset.
    if let by { _ = try application.actor(by) }
    let reset = self.reset ? try application.resetStaleGates(id, by: by) : []
    let stale = try application.staleGates(id, includeClosed: all)
    try context.emit(StaleGatesView(stale: stale, reset: reset)) {
      var text = ""
      for gate in reset { text += "Reset \(gate.id.short) \(gate.gate) to pending: \(gate.reason)\n" }
      if stale.isEmpty { return text + "No stale gates.\n" }
      var table = Table("ID", "GATE", "STATE", "COUNTS AS", "WHY")
      for gate in stale {
        table.add(
          gate.id.short, gate.gate, gate.state.rawValue, gate.countsAsPending ? "pending" : "passed",
          gate.reason)
      }
      return text + table.render()
    }
  }
}

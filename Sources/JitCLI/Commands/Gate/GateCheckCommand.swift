import ArgumentParser
import JitCore
import JitWire

struct GateCheckCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "check", abstract: "Run the checkers of an issue's automated gates and record the verdicts.",
    discussion: """
      Runs one gate's checker, or with --all (the default when no key is given) every required \
      automated gate that has a command or plugin. A command runs with /bin/sh -c in the repository \
      root, in its own process group, with JIT_ISSUE_ID, JIT_GATE_KEY and JIT_ISSUE_FILE set; exit 0 \
      passes, non-zero fails. A checker that cannot start or runs past its timeout (its whole \
      process group is killed) is an error that changes no status. Evidence (exit code, duration, \
      the last \(GateChecker.tailLines) lines of output, the git commit) is kept with the gate and in \
      the gate.checked event. Exit 0: all passed; 4 (GATE_FAILED): a gate failed; 10 (CHECKER_ERROR): \
      a checker could not run. With --json the report {"status", "results", "skipped", "issue"} is \
      printed either way, with "error": {"code", "message", "details"} beside it when it fails.
      """)

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The issue: its id or a unique suffix of 4+ characters.") var id: String
  @Argument(help: "The gate to check (default: every automated gate with a checker).") var key: String?
  @Flag(help: "Check every required automated gate that has a checker.") var all = false
  @Option(
    help:
      "Who is running the check (type:identifier; a bare name is an agent); default $JIT_ACTOR or human:$USER."
  ) var by: String?
  @Option(help: "Run the checkers in this directory (the worktree where the work was done).") var workdir:
    String?
  @Option(help: "The claim generation you act under (default $JIT_CLAIM): refused once stale.") var claim:
    String?

  func validate() throws {
    if all && key != nil { throw ValidationError("give a gate key or --all, not both") }
  }

  func execute(_ context: CommandContext) throws {
    let outcome = try context.application().check(id, key: key, by: by, workdir: workdir, claim: claim)
    try context.renderer.report(GateCheckView(outcome.report), failing: outcome.failure) {
      GateText.check(outcome.report)
    }
  }
}

import ArgumentParser
import JitCore
import JitWire

struct GateDefineCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "define", abstract: "Add a gate to the registry, or change one with --update.",
    discussion: """
      A new gate needs --title. It is manual unless --auto. An automated gate may name a checker: \
      --command (run with /bin/sh -c in the repository root) or --plugin (an executable in \
      .jit/plugins/). Re-defining an existing key is refused (ALREADY_EXISTS, exit 5) unless \
      --update, which changes only the fields given; --command "" or --plugin "" removes one. \
      --approval says how a person proves a manual pass or an override is theirs: terminal (the \
      default: run at a terminal), signed (an SSH signature checked against .jit/allowed_signers) \
      or any. --on-stale pending makes a passed gate whose evidence no longer matches the code \
      count as pending. Only a named person changes the registry; a change that weakens a gate \
      (automated, a weaker approval, no checker, stale no longer pending) must be made at a terminal.
      """)

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The gate key: 1-64 of a-z, 0-9, '-', '_', '.'.") var key: String
  @Option(help: "A short title.") var title: String?
  @Option(name: [.customLong("desc"), .customLong("description")], help: "What the gate checks.") var desc:
    String?
  @Flag(name: .long, help: "Automated: set by automation, a checker or a CI artifact.") var auto = false
  @Flag(name: .long, help: "Manual: set only by a person (the default for a new gate).") var manual = false
  @Option(help: "precheck (blocks ready) or postcheck (blocks done, the default).") var stage: StageArgument?
  @Option(help: "A shell command that checks the gate: exit 0 passes, non-zero fails.") var command: String?
  @Option(help: "The name of an executable in .jit/plugins/ that checks the gate.") var plugin: String?
  @Option(help: "Seconds the checker may run (default \(GateChecker.defaultTimeout)).") var timeout: Int?
  @Option(help: "Least line coverage in percent (0-100) for Cobertura reports; negative removes it.")
  var coverageThreshold: DecimalArgument?
  @Option(help: "How automation might satisfy the gate (free text).") var exampleIntegration: String?
  @Option(help: "How a person proves a pass is theirs: terminal (default), signed or any.") var approval:
    ApprovalArgument?
  @Option(help: "What stale evidence counts as: warn (default) or pending.") var onStale: StaleArgument?
  @Flag(help: "Change an existing gate instead of refusing.") var update = false
  @Option(help: "Who is defining it (type:identifier; a bare name is an agent).") var by: String?

  func validate() throws {
    if auto && manual { throw ValidationError("--auto and --manual contradict each other") }
  }

  func execute(_ context: CommandContext) throws {
    let spec = GateSpec(
      key: key, title: title, description: desc, auto: auto ? true : (manual ? false : nil),
      stage: stage?.value, command: command, plugin: plugin, timeout: timeout,
      coverageThreshold: coverageThreshold?.value, exampleIntegration: exampleIntegration,
      approval: approval?.value,
      onStale: onStale?.value)
    let result = try context.application().defineGate(spec, update: update, by: by)
    try context.emit(result) {
      "\(result.outcome.prefix(1).uppercased() + result.outcome.dropFirst()) gate "
        + GateText.line(result.gate)
    }
  }
}

import ArgumentParser
import JitApp
import JitCore
import JitWire

struct IssueCreateCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "create", abstract: "Create an issue, or a whole plan of them (--from).",
    discussion: """
      Its state is derived: ready if it has no unfinished dependency or precheck gate, else backlog.

      --from FILE (or - for standard input) creates a plan: {"issues": [{"name": "schema", "title": \
      "...", "priority": "high", "description": "...", "gates": ["tests"], "dependencies": ["api", \
      "4GD4P9SX"], "context": {"epic": "auth"}}]}. A dependency that is another entry's name is that \
      issue; any other is an existing issue's id or unique suffix. "gates": [{"key", "title", "auto", \
      "stage", "command", "timeout", "description"}] beside "issues" defines gates first, in the same \
      write (a person only, as gate define). Every issue is created in one write \
      under one lock, or none is: a plan whose names go round is CYCLE_DETECTED (details.cycle), a \
      malformed one INVALID_PLAN (details.entry, details.field). --dry-run checks all of it and keeps \
      nothing.
      """)

  @OptionGroup var global: GlobalOptions
  @Option(help: "One-line summary.") var title: String?
  @Option(name: [.customLong("desc"), .customLong("description")], help: "Details and acceptance criteria.")
  var desc: String?
  @Option(help: "low, normal, high or critical (default normal).") var priority: PriorityArgument?
  @Option(name: .customLong("gate"), help: "A gate key from the registry (repeatable).") var gates: [String] =
    []
  @Option(name: .customLong("dep"), help: "An issue this one depends on (repeatable).") var dependencies:
    [String] = []
  @Option(name: .customLong("context"), help: "key=value data for agents (repeatable).") var context:
    [String] = []
  @Option(
    help: "Who is creating it (type:identifier; a bare name is an agent); default $JIT_ACTOR or human:$USER.")
  var by: String?
  @Option(
    help: ArgumentHelp(
      "Create every issue of a JSON plan, all or none (- reads standard input).", valueName: "FILE"))
  var from: String?
  @Flag(help: "With --from: check the plan and print what would be created, keeping nothing.") var dryRun =
    false

  func execute(_ context: CommandContext) throws {
    if let from {
      guard title == nil, desc == nil, priority == nil, gates.isEmpty, dependencies.isEmpty,
        self.context.isEmpty
      else {
        throw JitError.invalidArgument(
          "--from takes every field from the plan: leave out --title, --desc, --priority, --gate, --dep and --context"
        )
      }
      let planned = try context.application().createPlan(file: from, dryRun: dryRun, by: by)
      try context.emit(PlanView(dryRun: dryRun, issues: planned)) {
        "\(dryRun ? "Would create" : "Created") \(planned.count) issue\(planned.count == 1 ? "" : "s"):\n"
          + planned.map { "  \(IssueText.line($0.issue))\($0.name.map { "  (\($0))" } ?? "")\n" }.joined()
      }
      return
    }
    guard let title else {
      throw JitError.invalidArgument(
        "give --title, or --from FILE for a whole plan (see 'jit issue create --help')")
    }
    guard !dryRun else { throw JitError.invalidArgument("--dry-run goes with --from") }
    let request = IssueRequest(
      title: title, description: desc ?? "", priority: priority?.value ?? .normal, gates: gates,
      dependencies: dependencies, context: try ContextArguments.parse(self.context))
    let issue = try context.application().create(request, by: by)
    try context.emit(IssueView(issue)) { "Created \(IssueText.line(issue))" }
  }
}

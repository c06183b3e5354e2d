import ArgumentParser
import JitApp
import JitCore
import JitWire

struct IssueCreateCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "create", abstract: "Create an issue.",
    discussion:
      "Its state is derived: ready if it has no unfinished dependency or precheck gate, else backlog.")

  @OptionGroup var global: GlobalOptions
  @Option(help: "One-line summary.") var title: String
  @Option(name: [.customLong("desc"), .customLong("description")], help: "Details and acceptance criteria.")
  var desc: String = ""
  @Option(help: "low, normal, high or critical.") var priority: PriorityArgument = .init(.normal)
  @Option(name: .customLong("gate"), help: "A gate key from the registry (repeatable).") var gates: [String] =
    []
  @Option(name: .customLong("dep"), help: "An issue this one depends on (repeatable).") var dependencies:
    [String] = []
  @Option(name: .customLong("context"), help: "key=value data for agents (repeatable).") var context:
    [String] = []
  @Option(
    help: "Who is creating it (type:identifier; a bare name is an agent); default $JIT_ACTOR or human:$USER.")
  var by: String?

  func execute(_ context: CommandContext) throws {
    let request = IssueRequest(
      title: title, description: desc, priority: priority.value, gates: gates, dependencies: dependencies,
      context: try ContextArguments.parse(self.context))
    let issue = try context.application().create(request, by: by)
    try context.emit(IssueView(issue)) { "Created \(IssueText.line(issue))" }
  }
}

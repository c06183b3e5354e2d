import ArgumentParser
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
  @Option(help: "Who is creating it (type:identifier); default $JIT_ACTOR or human:$USER.") var by: String?

  func execute(_ context: CommandContext) throws {
    let actor = try context.actor(by)
    let tracker = try context.tracker()
    let dependencyIDs = try dependencies.map(tracker.resolve)
    let issue = try tracker.create(
      IssueDraft(
        title: title, description: desc, priority: priority.value, gates: gates, dependencies: dependencyIDs,
        context: try ContextArguments.parse(self.context)),
      by: actor)
    try context.emit(IssueView(issue)) { "Created \(IssueText.line(issue))" }
  }
}

/// A priority as an argument, with a clear error for a wrong word.
struct PriorityArgument: ExpressibleByArgument, CustomStringConvertible {
  var value: Priority
  init(_ value: Priority) { self.value = value }
  init?(argument: String) {
    guard let value = Priority(name: argument) else { return nil }
    self.value = value
  }
  static var allValueStrings: [String] { Priority.allCases.map(\.rawValue) }
  var description: String { value.rawValue }
  var defaultValueDescription: String { value.rawValue }
}

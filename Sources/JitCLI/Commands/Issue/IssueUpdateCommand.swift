import ArgumentParser
import JitCore
import JitWire

struct IssueUpdateCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "update", abstract: "Change an issue's title, description, priority or context.",
    discussion: """
      States are not set here: they follow from claim, complete, gates and dependencies. Setting a \
      field a merge recorded as a conflict (merge_conflicts, reported by validate as MERGE_CONFLICT) \
      settles it; --resolve FIELD settles one and keeps the value in force (--resolve all: every one).
      """)

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The issue: its id or a unique suffix of 4+ characters.") var id: String
  @Option(help: "A new one-line summary.") var title: String?
  @Option(name: [.customLong("desc"), .customLong("description")], help: "A new description.") var desc:
    String?
  @Option(help: "low, normal, high or critical.") var priority: PriorityArgument?
  @Option(name: .customLong("context"), help: "Set key=value (repeatable).") var context: [String] = []
  @Option(name: .customLong("unset-context"), help: "Remove a context key (repeatable).") var unsetContext:
    [String] = []
  @Option(
    help: ArgumentHelp(
      "Settle a recorded merge conflict, keeping the value in force (a field such as title or "
        + "context.epic, or all; repeatable).", valueName: "FIELD"))
  var resolve: [String] = []
  @Option(help: "Who is changing it (type:identifier; a bare name is an agent).") var by: String?
  @Option(help: "The claim generation you act under (default $JIT_CLAIM): refused once stale.") var claim:
    String?

  func execute(_ context: CommandContext) throws {
    let changes = IssueChanges(
      title: title, description: desc, priority: priority?.value,
      setContext: try ContextArguments.parse(self.context), removeContext: unsetContext, resolve: resolve)
    let issue = try context.application().update(id, changes, by: by, claim: claim)
    try context.emit(IssueView(issue)) { "Updated \(IssueText.line(issue))" }
  }
}

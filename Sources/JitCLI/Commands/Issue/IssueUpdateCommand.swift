import ArgumentParser
import JitApp
import JitCore
import JitWire

struct IssueUpdateCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "update",
    abstract:
      "Change an issue's title, description, priority or context, or those of every issue a filter matches.",
    discussion: """
      States are not set here: they follow from claim, complete, gates and dependencies. Setting a \
      field a merge recorded as a conflict (merge_conflicts, reported by validate as MERGE_CONFLICT) \
      settles it; --resolve FIELD settles one and keeps the value in force (--resolve all: every one).

      --where FILTER changes every issue the filter matches (priority:high|critical state:ready \
      assignee:none, as claim-next --filter), in one write under one lock: one issue.updated event per \
      issue changed, none for one already so. --set FIELD=VALUE (title, description, priority, \
      context.KEY) and --unset context.KEY work with an id too. --dry-run, with --where, prints the \
      changes and keeps none.
      """)

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The issue: its id or a unique suffix of 4+ characters (or --where).") var id: String?
  @Option(name: .customLong("where"), help: "Change every issue this filter matches instead of one.")
  var filter: String?
  @Option(
    help: ArgumentHelp(
      "Set a field: title, description, priority or context.KEY (repeatable).", valueName: "FIELD=VALUE"))
  var set: [String] = []
  @Option(help: ArgumentHelp("Remove a context key (repeatable).", valueName: "context.KEY")) var unset:
    [String] = []
  @Flag(help: "With --where: print what would change, keeping nothing.") var dryRun = false
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
    var changes = IssueChanges(
      title: title, description: desc, priority: priority?.value,
      setContext: try ContextArguments.parse(self.context), removeContext: unsetContext, resolve: resolve)
    if !set.isEmpty || !unset.isEmpty {
      let assigned = try JitApplication.fieldChanges(set: set, unset: unset)
      changes.title = assigned.title ?? changes.title
      changes.description = assigned.description ?? changes.description
      changes.priority = assigned.priority ?? changes.priority
      changes.setContext.merge(assigned.setContext) { $1 }
      changes.removeContext += assigned.removeContext
    }
    switch (id, filter) {
    case (nil, nil): throw JitError.invalidArgument("name the issue, or give --where FILTER")
    case (.some, .some): throw JitError.invalidArgument("give the issue or --where FILTER, not both")
    case (nil, .some(let filter)):
      guard claim == nil, resolve.isEmpty else {
        throw JitError.invalidArgument("--claim and --resolve act on one issue: leave them out with --where")
      }
      let edit = try context.application().update(where: filter, changes, dryRun: dryRun, by: by)
      try context.emit(BulkEditView(edit, archive: false)) { BulkEditText.summary(edit, verb: "Updated") }
      return
    case (.some, nil): break
    }
    guard !dryRun else { throw JitError.invalidArgument("--dry-run goes with --where") }
    let issue = try context.application().update(id ?? "", changes, by: by, claim: claim)
    try context.emit(IssueView(issue)) { "Updated \(IssueText.line(issue))" }
  }
}

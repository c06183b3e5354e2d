import ArgumentParser
import JitCore
import JitWire

struct IssueListCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "list", abstract: "List issues, most urgent first.",
    discussion: "Filters combine: --state open --priority high lists open high-priority issues.")

  @OptionGroup var global: GlobalOptions
  @Option(help: "A state, or 'open' for every state but done and archived (repeatable).")
  var state: [String] = []
  @Option(help: "An assignee (type:identifier), or 'none' (repeatable).") var assignee: [String] = []
  @Option(help: "low, normal, high or critical (repeatable).") var priority: [PriorityArgument] = []
  @Option(help: "A filter expression, such as \"priority:high|critical state:ready\".") var filter: String?
  @Option(help: "Print at most N issues (the first N in work order).") var limit: Int?

  func execute(_ context: CommandContext) throws {
    var issueFilter = try filter.map(IssueFilter.init(parsing:)) ?? IssueFilter()
    if !state.isEmpty { issueFilter.states = Set(try state.flatMap(IssueFilter.parseStates)) }
    if !priority.isEmpty { issueFilter.priorities = Set(priority.map(\.value)) }
    if !assignee.isEmpty {
      for name in assignee where name != "none" { _ = try Actor(validating: name) }
      issueFilter.assignees = Set(assignee)
    }
    // The same rows as 'jit query', from the index when there is one.
    try QueryOutput.run(.filter(issueFilter), limit: limit, context: context)
  }
}

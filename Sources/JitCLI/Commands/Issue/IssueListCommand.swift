import ArgumentParser
import JitApp
import JitCore
import JitWire

struct IssueListCommand: LongOutputCommand {
  static let configuration = CommandConfiguration(
    commandName: "list", abstract: "List issues, most urgent first.",
    discussion: "Filters combine: --state open --priority high lists open high-priority issues.")

  @OptionGroup var global: GlobalOptions
  @Option(help: "A state, or 'open' for every state but done and archived (repeatable).")
  var state: [String] = []
  @Option(help: "An assignee (type:identifier; a bare name is an agent), or 'none' (repeatable).")
  var assignee: [String] = []
  @Option(help: "low, normal, high or critical (repeatable).") var priority: [PriorityArgument] = []
  @Option(help: "A filter expression, such as \"priority:high|critical state:ready\".") var filter: String?
  @Option(help: "Print at most N issues (the first N in work order).") var limit: Int?

  func execute(_ context: CommandContext) throws {
    let issueFilter = try JitApplication.listFilter(
      expression: filter, states: state, assignees: assignee, priorities: priority.map(\.value))
    // The same rows as 'jit query', from the index when there is one.
    try QueryOutput.run(.filter(issueFilter), limit: limit, context: context)
  }
}

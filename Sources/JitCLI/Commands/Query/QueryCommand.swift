import ArgumentParser
import JitCore
import JitWire

/// `jit query`: the questions an orchestrator asks, answered in work order.
struct QueryCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "query", abstract: "Ask which issues are ready, blocked, or held by someone.",
    discussion: """
      Every answer is ordered by priority (critical first), then age (oldest first). With --json
      each issue is printed with every stored field and short_id; 'blocked' adds "blocked": true
      and "blocked_by" with the reasons.
      """,
    subcommands: [
      QueryReadyCommand.self,
      QueryBlockedCommand.self,
      QueryAssigneeCommand.self,
      QueryStateCommand.self,
      QueryPriorityCommand.self,
    ])
}

/// How every query command prints its answer: JSON streams row by row; a table needs every row
/// first to align its columns.
enum QueryOutput {
  static func run(_ query: IssueQuery, limit: Int? = nil, context: CommandContext) throws {
    let application = try context.application()
    if context.json {
      var writer = IssueArrayWriter()
      try application.query(query, limit: limit) { row in
        writer.add(row) { context.output.standardOutput(bytes: $0) }
      }
      writer.finish { context.output.standardOutput(bytes: $0) }
      return
    }
    var rows: [QueryRow] = []
    try application.query(query, limit: limit) { rows.append($0) }
    guard !rows.isEmpty else {
      context.output.standardOutput("No issues.\n")
      return
    }
    let blocked = query == .blocked
    var table =
      blocked
      ? Table("ID", "STATE", "PRIORITY", "TITLE", "BLOCKED BY")
      : Table("ID", "STATE", "PRIORITY", "ASSIGNEE", "TITLE")
    for row in rows {
      if blocked {
        table.add(
          row.id.short, row.state.rawValue, row.priority.rawValue, row.title, row.blockedSentence ?? "")
      } else {
        table.add(row.id.short, row.state.rawValue, row.priority.rawValue, row.assignee ?? "-", row.title)
      }
    }
    context.output.standardOutput(table.render())
  }
}

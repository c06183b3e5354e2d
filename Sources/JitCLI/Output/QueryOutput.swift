import JitCore
import JitWire

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
    context.output.standardOutput(table.render(colour: context.colour))
  }
}

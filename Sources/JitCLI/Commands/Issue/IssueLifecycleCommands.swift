import ArgumentParser
import JitCore
import JitWire

struct IssueCompleteCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "complete", abstract: "Finish the work on an in-progress issue.",
    discussion: "It becomes done if every required gate has passed, else gated until they do.")

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The issue: its id or a unique suffix of 4+ characters.") var id: String
  @Option(help: "Who is completing it (type:identifier).") var by: String?

  func execute(_ context: CommandContext) throws {
    let completion = try context.tracker().completion(id, by: try context.actor(by))
    let issue = completion.issue
    try context.emit(IssueView(issue, untilDone: completion.outlook)) {
      issue.state == .done
        ? "Done: \(IssueText.line(issue))"
        : "Gated: \(IssueText.line(issue))\n  waiting for: "
          + completion.outlook.gates.map { "\($0.key) (\($0.status.rawValue))" }.joined(separator: ", ")
    }
  }
}

struct IssueReopenCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "reopen", abstract: "Reopen a done issue; its gates go back to pending.")

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The issue: its id or a unique suffix of 4+ characters.") var id: String
  @Option(help: "Why it is reopened.") var reason: String?
  @Option(help: "Who is reopening it (type:identifier).") var by: String?

  func execute(_ context: CommandContext) throws {
    let issue = try context.tracker().reopen(id, by: try context.actor(by), reason: reason)
    try context.emit(IssueView(issue)) { "Reopened \(IssueText.line(issue))" }
  }
}

struct IssueArchiveCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "archive", abstract: "Archive an issue that is no longer relevant.",
    discussion: "Issues that depend on it stay blocked: only done satisfies a dependency.")

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The issue: its id or a unique suffix of 4+ characters.") var id: String
  @Option(help: "Who is archiving it (type:identifier).") var by: String?

  func execute(_ context: CommandContext) throws {
    let archival = try context.tracker().archival(id, by: try context.actor(by))
    let blocked = archival.blockedDependents
    try context.emit(WithIssueIDs(IssueView(archival.issue), "blocked_dependents", blocked)) {
      var text = "Archived \(IssueText.line(archival.issue))"
      if !blocked.isEmpty {
        text +=
          "\n  \(blocked.count) open issue\(blocked.count == 1 ? "" : "s") depend\(blocked.count == 1 ? "s" : "") on it "
          + "and stay blocked (only done satisfies a dependency): "
          + blocked.map(\.short).joined(separator: ", ")
          + "\n  to free them: jit issue unarchive \(archival.issue.id.short), or jit issue dep rm <id> --on "
          + archival.issue.id.short
      }
      return text
    }
  }
}

struct IssueUnarchiveCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "unarchive",
    abstract: "Bring an archived issue back: done if it was done, else its state derived again.")

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The issue: its id or a unique suffix of 4+ characters.") var id: String
  @Option(help: "Who is unarchiving it (type:identifier).") var by: String?

  func execute(_ context: CommandContext) throws {
    let issue = try context.tracker().unarchive(id, by: try context.actor(by))
    try context.emit(IssueView(issue)) { "Unarchived \(IssueText.line(issue))" }
  }
}

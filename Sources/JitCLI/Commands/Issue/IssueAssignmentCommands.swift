import ArgumentParser
import JitCore
import JitWire

struct IssueAssignCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "assign", abstract: "Set an issue's assignee without starting it (planning).")

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The issue: its id or a unique suffix of 4+ characters.") var id: String
  @Option(help: "The assignee (type:identifier).") var to: String
  @Option(help: "Who is assigning (type:identifier).") var by: String?

  func execute(_ context: CommandContext) throws {
    let assignee = try Actor(validating: to)
    let issue = try context.tracker().assign(id, to: assignee, by: try context.actor(by))
    try context.emit(IssueView(issue)) { "Assigned \(issue.id.short) to \(assignee)" }
  }
}

struct IssueClaimCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "claim", abstract: "Atomically take a ready issue and start it.",
    discussion:
      "Fails (exit 5, ALREADY_ASSIGNED) if someone else holds it, and (exit 4, NOT_READY) if it is not ready."
  )

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The issue: its id or a unique suffix of 4+ characters.") var id: String
  @Option(help: "Who is claiming (type:identifier); default $JIT_ACTOR or human:$USER.") var to: String?

  func execute(_ context: CommandContext) throws {
    let issue = try context.tracker().claim(id, to: try context.actor(to))
    try context.emit(IssueView(issue)) {
      "Claimed \(IssueText.line(issue)) for \(issue.assignee?.description ?? "")"
    }
  }
}

struct IssueClaimNextCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "claim-next", abstract: "Claim the most urgent ready, unassigned issue.",
    discussion: """
      Takes the highest-priority ready issue nobody holds, oldest first among equals. --filter narrows
      the choice: "priority:high|critical", "state:...", "assignee:...". Exits 3 (NO_READY_ISSUE)
      when nothing matches.
      """)

  @OptionGroup var global: GlobalOptions
  @Option(help: "Only issues matching this filter, such as \"priority:high|critical\".") var filter: String?
  @Option(help: "Who is claiming (type:identifier); default $JIT_ACTOR or human:$USER.") var to: String?

  func execute(_ context: CommandContext) throws {
    let actor = try context.actor(to)
    let issueFilter = try filter.map(IssueFilter.init(parsing:)) ?? IssueFilter()
    let issue = try context.tracker().claimNext(filter: issueFilter, to: actor)
    try context.emit(IssueView(issue)) { "Claimed \(IssueText.line(issue)) for \(actor)" }
  }
}

struct IssueUnassignCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "unassign", abstract: "Clear an issue's assignee; an in-progress issue goes back to ready.")

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The issue: its id or a unique suffix of 4+ characters.") var id: String
  @Option(help: "Who is unassigning (type:identifier).") var by: String?

  func execute(_ context: CommandContext) throws {
    let issue = try context.tracker().unassign(id, by: try context.actor(by))
    try context.emit(IssueView(issue)) { "Unassigned \(IssueText.line(issue))" }
  }
}

import ArgumentParser
import JitCore
import JitWire

struct IssueArchiveCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "archive",
    abstract: "Archive an issue that is no longer relevant, or every issue a filter matches.",
    discussion: """
      Issues that depend on it stay blocked: only done satisfies a dependency. --where FILTER archives \
      every issue the filter matches (state:done, priority:low, ...) in one write under one lock; \
      --dry-run prints what it would archive and keeps nothing.
      """)

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The issue: its id or a unique suffix of 4+ characters (or --where).") var id: String?
  @Option(help: "Who is archiving it (type:identifier; a bare name is an agent).") var by: String?
  @Option(name: .customLong("where"), help: "Archive every issue this filter matches instead of one.")
  var filter: String?
  @Flag(help: "With --where: print what would be archived, keeping nothing.") var dryRun = false

  func execute(_ context: CommandContext) throws {
    switch (id, filter) {
    case (nil, nil): throw JitError.invalidArgument("name the issue, or give --where FILTER")
    case (.some, .some): throw JitError.invalidArgument("give the issue or --where FILTER, not both")
    case (nil, .some(let filter)):
      let edit = try context.application().archive(where: filter, dryRun: dryRun, by: by)
      try context.emit(BulkEditView(edit, archive: true)) { BulkEditText.summary(edit, verb: "Archived") }
      return
    case (.some, nil): break
    }
    guard !dryRun else { throw JitError.invalidArgument("--dry-run goes with --where") }
    let archival = try context.application().archive(id ?? "", by: by)
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

import ArgumentParser
import JitCore
import JitWire

struct IssueArchiveCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "archive", abstract: "Archive an issue that is no longer relevant.",
    discussion: "Issues that depend on it stay blocked: only done satisfies a dependency.")

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The issue: its id or a unique suffix of 4+ characters.") var id: String
  @Option(help: "Who is archiving it (type:identifier; a bare name is an agent).") var by: String?

  func execute(_ context: CommandContext) throws {
    let archival = try context.application().archive(id, by: by)
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

import ArgumentParser
import JitApp
import JitCore
import JitWire

/// `jit import beads|github|taskwarrior FILE`: another tracker's export, all or nothing.
struct ImportCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "import", abstract: "Import another tracker's export: beads, github or taskwarrior.",
    discussion: """
      beads: its JSONL export (priorities 0-4 to critical, high, normal, low, low; "blocks" \
      dependencies; assignees, a bare name being an agent). github: what gh issue list --json \
      number,title,body,labels,assignees,state prints ("depends on #N" or "blocked by #N" in a body is a \
      dependency; a label naming critical or high sets the priority). taskwarrior: what task export \
      prints (H, M, L to high, normal, low; depends). Closed, completed and deleted issues are imported \
      as done. Each issue's id there is kept in its context (imported_from), with labels, tags and \
      project. Everything is created in one write or nothing is: a dependency on an id the file does \
      not have is UNKNOWN_REFERENCE, dependencies that go round are CYCLE_DETECTED (details.cycle), \
      a file that is not the format is INVALID_IMPORT. --dry-run checks all of it and writes nothing.
      """)

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The export's format: beads, github or taskwarrior.") var format: String
  @Argument(help: "The export file.") var file: String
  @Flag(help: "Check the export and print what would be created, writing nothing.") var dryRun = false
  @Option(
    help: "Who is importing (type:identifier; a bare name is an agent); default $JIT_ACTOR or human:$USER.")
  var by: String?

  func execute(_ context: CommandContext) throws {
    guard let kind = ImportFormat(rawValue: format) else {
      throw JitError.invalidArgument(
        "unknown import format '\(format)' (use beads, github or taskwarrior)",
        details: ["input": .string(format)])
    }
    let result = try context.application().importIssues(kind, file: file, dryRun: dryRun, by: by)
    try context.emit(ImportView(format: format, dryRun: dryRun, result: result)) {
      let lead = dryRun ? "Would import" : "Imported"
      return "\(lead) \(result.issues.count) issues from \(format):\n"
        + result.issues.map { entry in
          let id = entry.issue.map { "\($0.id.short) \($0.state.rawValue)" } ?? "-"
          return "  \(entry.key) -> \(id)  \(entry.draft.title)\n"
        }.joined()
    }
  }
}

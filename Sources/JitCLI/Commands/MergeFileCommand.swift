import ArgumentParser
import JitApp
import JitCore
import JitWire

/// `jit merge-file <base> <ours> <theirs>`: git's merge driver for `.jit/` files.
struct MergeFileCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "merge-file",
    abstract: "Merge three versions of a .jit file (git's merge driver: %O %A %B).",
    discussion: """
      Git runs it for the paths .gitattributes marks merge=jit (jit init writes them and sets \
      merge.jit.driver to "jit merge-file %O %A %B"; in a fresh clone run \
      git config merge.jit.driver "jit merge-file %O %A %B"). An issue file is merged field by \
      field; a field both branches changed differently keeps the later side's value and is \
      recorded in the file's merge_conflicts, which validate reports. gates.json is merged gate by \
      gate. The result replaces <ours>, written as jit writes files: never conflict markers. Exit \
      0 when it wrote a valid file; MERGE_FAILED (exit 1) when nothing valid can be made, with \
      <ours> untouched.
      """)

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The common ancestor's version (git's %O; empty when there is none).") var base: String
  @Argument(help: "Our version, replaced by the result (git's %A).") var ours: String
  @Argument(help: "Their version (git's %B).") var theirs: String

  func execute(_ context: CommandContext) throws {
    let outcome = try MergeFiles.merge(
      base: context.absolute(base), ours: context.absolute(ours), theirs: context.absolute(theirs))
    for note in outcome.notes { context.output.standardError("jit merge-file: \(note)\n") }
    let view = MergeFileView(
      path: ours, issue: outcome.issue, conflicts: outcome.conflicts, notes: outcome.notes)
    // Quiet when clean: git prints what a driver writes, for every file it merges.
    try context.emit(view) {
      guard let issue = outcome.issue, !outcome.conflicts.isEmpty else { return "" }
      return "jit merge-file: \(issue.short): both branches changed "
        + outcome.conflicts.map(\.field).joined(separator: ", ")
        + "; kept the later side's and recorded it (see 'jit validate', 'jit issue show \(issue.short)')"
    }
  }
}

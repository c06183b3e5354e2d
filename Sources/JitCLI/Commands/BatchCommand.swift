import ArgumentParser
import JitApp
import JitCore
import JitWire

/// `jit batch FILE|-`: JSON lines of operations, applied all or none.
struct BatchCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "batch",
    abstract: "Apply a file of operations (JSON lines) in one write: all of them or none.",
    discussion: """
      One operation a line, in order: {"op": "create", "name": "a", "title": "...", "priority": \
      "high", "dependencies": ["b"], "gates": [...], "context": {...}}, {"op": "update", "id": "a", \
      "priority": "low", "context": {...}, "unset_context": [...]}, {"op": "dep_add", "id": "a", "on": \
      ["4GD4"]}, and dep_remove (on), assign (to), unassign, claim (to, lease), release (hold), archive, \
      unarchive, reopen (reason), delete (force), gate_add and gate_remove (gate). An id is an issue's \
      id, a unique suffix, or the name an earlier create of the batch gave. Every operation runs under \
      one lock in one write, with every rule it has alone; if any fails, none is kept and the error \
      names its line (details.line). A line that is not an operation is INVALID_PLAN before anything \
      runs. Gate checks and complete are not batch operations: their checkers would run under the lock.
      """)

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The file of operations, or - for standard input.") var file: String
  @Flag(help: "Apply them all, print what they did, and keep nothing.") var dryRun = false
  @Option(help: "Who acts (type:identifier; a bare name is an agent); default $JIT_ACTOR or human:$USER.")
  var by: String?

  func execute(_ context: CommandContext) throws {
    let outcomes = try context.application().runBatch(file: file, dryRun: dryRun, by: by)
    try context.emit(BatchView(dryRun: dryRun, outcomes: outcomes)) {
      "\(dryRun ? "Would apply" : "Applied") \(outcomes.count) operation\(outcomes.count == 1 ? "" : "s"):\n"
        + outcomes.map { outcome in
          let what = outcome.issue.map(IssueText.line) ?? "\(outcome.id.short) deleted"
          return "  line \(outcome.line)  \(outcome.op)  \(what)\(outcome.name.map { "  (\($0))" } ?? "")\n"
        }.joined()
    }
  }
}

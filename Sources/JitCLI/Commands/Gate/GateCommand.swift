import ArgumentParser
import JitCore

/// `jit gate`: the gate registry, gates on issues, and the checkers that decide them.
struct GateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "gate",
    abstract: "Define quality gates, require them on issues, and pass, fail or check them.",
    discussion: """
      A gate in the registry (.jit/gates.json) is manual (only a named person who has not held the issue \
      assignee passes it) or automated (--auto: passed by automation, by its checker with \
      'jit gate check', or from a CI artifact with 'jit gate ingest'). A postcheck gate holds an \
      issue back from done; a precheck gate holds it in backlog. A gated issue becomes done on its \
      own the moment its last gate passes; a failed gate sends it back to in_progress. \
      See docs/gates.md.
      """,
    subcommands: [
      GateDefineCommand.self, GateListCommand.self, GateShowCommand.self, GateUndefineCommand.self,
      GateAddCommand.self, GateRemoveCommand.self, GatePassCommand.self, GateFailCommand.self,
      GateCheckCommand.self, GateIngestCommand.self, GateStaleCommand.self,
    ])
}

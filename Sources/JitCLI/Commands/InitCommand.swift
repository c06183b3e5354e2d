import ArgumentParser
import JitCore
import JitWire

/// `jit init`: creates `.jit/` in the current directory (or `--repo DIR`).
struct InitCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "init",
    abstract: "Create a jit repository (.jit/) here.",
    discussion: """
      Creates .jit/ with index.json, gates.json (an empty gate registry), issues/, events.jsonl,
      a .gitattributes that union-merges the event log and a .gitignore for the lock and cache.
      Safe to run again: it creates what is missing and never overwrites what exists. Inside a
      directory another tracker already governs (a parent's .jit/, or the main working tree's in a
      linked git worktree) it refuses with ALREADY_EXISTS unless --nested.
      """)

  @OptionGroup var global: GlobalOptions
  @Flag(help: "Make a tracker of its own even inside another one's directory (or a git worktree).")
  var nested = false

  func execute(_ context: CommandContext) throws {
    let creation = try context.configuration().initializeRepository(nested: nested)
    let path = creation.layout.jitDirectory
    try context.emit(InitView(path: path, created: creation.created)) {
      creation.created.isEmpty
        ? "jit repository already initialized at \(path)"
        : "Initialized jit repository at \(path)\n"
          + creation.created.map { "  created \($0)" }.joined(separator: "\n")
    }
  }
}

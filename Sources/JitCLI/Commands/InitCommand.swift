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
      Safe to run again: it creates what is missing and never overwrites what exists.
      """)

  @OptionGroup var global: GlobalOptions

  func execute(_ context: CommandContext) throws {
    let creation = try context.configuration().initializeRepository()
    let path = creation.layout.jitDirectory
    try context.emit(InitView(path: path, created: creation.created)) {
      creation.created.isEmpty
        ? "jit repository already initialized at \(path)"
        : "Initialized jit repository at \(path)\n"
          + creation.created.map { "  created \($0)" }.joined(separator: "\n")
    }
  }
}

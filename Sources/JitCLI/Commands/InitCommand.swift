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
    let configuration = try context.configuration()
    let root =
      switch configuration.repository {
      case .explicit(let path): configuration.absolute(path)
      case .search(let start): start
      }
    let layout = RepositoryLayout(
      jitDirectory: root.hasSuffix("/" + RepositoryLayout.directoryName) ? root : root + "/.jit")
    let created = try RepositoryInitializer.initialize(layout)
    try context.emit(InitView(path: layout.jitDirectory, created: created.map(layout.relative))) {
      created.isEmpty
        ? "jit repository already initialized at \(layout.jitDirectory)"
        : "Initialized jit repository at \(layout.jitDirectory)\n"
          + created.map { "  created \(layout.relative($0))" }.joined(separator: "\n")
    }
  }
}

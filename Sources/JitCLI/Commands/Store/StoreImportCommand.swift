import ArgumentParser
import JitApp
import JitWire

/// `jit store import`: a repository's files loaded into its empty database.
struct StoreImportCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "import", abstract: "Load the .jit/ files into an empty database store.",
    discussion: """
      Reads the issues, gate registry, event log and leases of DIR/.jit (--from) or this \
      repository's own .jit/, and loads them into the database .jit/config.toml names (its schema \
      created if need be) in one transaction: all of them, or nothing when a file does not parse \
      (CORRUPT_FILE) or the database already holds issues or events (ALREADY_EXISTS). The rows keep \
      the files' bytes, so 'jit store export --to files' gives back identical files. With --json: \
      {"path", "issues", "events"}.
      """)

  @OptionGroup var global: GlobalOptions
  @Option(help: "The directory whose .jit/ files to load (default: this repository's).") var from: String?

  func execute(_ context: CommandContext) throws {
    let (count, path) = try context.application().importStore(from: from)
    try context.emit(StoreTransferView(path: path, issues: count.issues, events: count.events)) {
      "Imported \(count.issues) issues and \(count.events) events from \(path)"
    }
  }
}

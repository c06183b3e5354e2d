import ArgumentParser
import JitApp
import JitWire

/// `jit store export --to files`: the database written out as the normal `.jit/` files.
struct StoreExportCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "export", abstract: "Write a database store out as the normal .jit/ files.",
    discussion: """
      Writes every issue (.jit/issues/<id>.json), the gate registry (gates.json), the event log \
      (events.jsonl) and the leases (run/leases/) from one consistent view of the database, byte for \
      byte as the rows hold them, into DIR/.jit (--into) or this repository's own .jit/; issue files \
      the database does not hold are removed there. With --json: {"path", "issues", "events"}.
      """)

  @OptionGroup var global: GlobalOptions
  @Option(help: "What to write: files (the only kind).") var to: String
  @Option(help: "The directory whose .jit/ receives the files (default: this repository's).") var into:
    String?

  func validate() throws {
    guard to == "files" else { throw ValidationError("--to \(to): the only kind is files") }
  }

  func execute(_ context: CommandContext) throws {
    let (count, path) = try context.application().exportStore(into: into)
    try context.emit(StoreTransferView(path: path, issues: count.issues, events: count.events)) {
      "Exported \(count.issues) issues and \(count.events) events to \(path)"
    }
  }
}

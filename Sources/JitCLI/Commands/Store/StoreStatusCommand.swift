import ArgumentParser
import JitApp
import JitCore
import JitWire

/// `jit store status`: which store, its health, its schema version.
struct StoreStatusCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "status", abstract: "Which store this repository uses, its health and schema version.",
    discussion: """
      With --json: {"store", "healthy", "schema_version", "supported_schema", "server", "issues"}. \
      A store that cannot be used fails with its error after the report: STORE_UNAVAILABLE (exit \
      10) when the database cannot be reached, NOT_INITIALIZED (exit 3) when it has no jit store \
      yet, UNSUPPORTED_SCHEMA (exit 1) when a newer jit made it.
      """)

  @OptionGroup var global: GlobalOptions

  func execute(_ context: CommandContext) throws {
    let status = try JitApplication.storeStatus(context.configuration())
    if let error = status.error { throw error }
    try context.emit(StoreStatusView(status)) {
      var text =
        "store: \(status.store) (healthy)\nschema: \(status.schemaVersion.map(String.init) ?? "none")"
      if let server = status.server { text += "\nserver: \(server)" }
      if let issues = status.issues { text += "\nissues: \(issues)" }
      return text
    }
  }
}

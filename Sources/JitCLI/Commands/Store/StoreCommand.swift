import ArgumentParser

/// `jit store`: which store the issues live in (docs/postgresql.md).
struct StoreCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "store",
    abstract: "The store the issues live in: the files (the default) or PostgreSQL.",
    discussion: """
      .jit/config.toml names the store (store = "files" or "postgresql"); without it, the files. \
      A PostgreSQL store connects with JIT_DATABASE_URL, or libpq's own environment and service \
      files; see docs/postgresql.md.
      """,
    subcommands: [StoreStatusCommand.self, StoreExportCommand.self, StoreImportCommand.self])
}

import JitApp
import JitCore
import TOMLKit

/// Reads `.jit/config.toml` (docs/format.md) with TOMLKit: `store`, and the `[repositories]` table
/// of aliases that external dependencies (`alias:ID`) name. Everything else is refused, so that no
/// connection string or password is ever committed there: `CORRUPT_FILE` with the path and why.
/// Both the static `jit` and `jit-pg` link it, so a file-store repository with aliases never needs
/// `jit-pg` (`StoreComposition.installReader`).
public enum ConfigFile {
  /// Registers this parser with the application (once, at start-up).
  public static func install() { StoreComposition.installReader(read) }

  /// The settings in the file at `path` (the defaults when it is gone).
  @Sendable public static func read(_ path: String) throws -> RepositorySettings {
    guard let bytes = try FileSystem.read(path) else { return RepositorySettings() }
    return try parse(String(decoding: bytes, as: UTF8.self), path: path)
  }

  /// Parses the text of a `config.toml`.
  public static func parse(_ text: String, path: String) throws -> RepositorySettings {
    let table: TOMLTable
    do {
      table = try TOMLTable(string: text)
    } catch let error as TOMLParseError {
      throw JitError.corruptFile(
        path, "line \(error.source.begin.line): not valid TOML: \(error.description)")
    }
    for key in table.keys.sorted() where key != "store" && key != "repositories" {
      throw JitError.corruptFile(
        path,
        "unknown key '\(key)' (the keys are store and [repositories]; a connection comes from "
          + "JIT_DATABASE_URL or libpq's environment, never from a committed file)")
    }
    var settings = RepositorySettings()
    if let value = table["store"] {
      guard let store = value.string, RepositorySettings.stores.contains(store) else {
        throw JitError.corruptFile(path, "store must be \"files\" or \"postgresql\"")
      }
      settings.store = store
    }
    if let value = table["repositories"] {
      guard let aliases = value.table else {
        throw JitError.corruptFile(path, "repositories must be a table ([repositories])")
      }
      for alias in aliases.keys.sorted() {
        settings.repositories[alias] = try link(alias, aliases[alias], path: path)
      }
    }
    return settings
  }

  /// One alias: a path (`api = "../api"`) or a PostgreSQL store named by the environment variable
  /// that holds its connection (`api = { store = "postgresql", database_env = "JIT_API_DATABASE_URL" }`).
  static func link(_ alias: String, _ value: (any TOMLValueConvertible)?, path: String) throws
    -> RepositoryLink
  {
    let name = "repositories.\(alias)"
    guard ExternalDependency.isAlias(alias) else {
      throw JitError.corruptFile(
        path, "\(name): an alias is a lower-case letter, then letters, digits, '_' or '-'")
    }
    if let text = value?.string {
      guard !text.isEmpty, !text.contains("\0") else {
        throw JitError.corruptFile(path, "\(name) must be a path to another jit repository")
      }
      return .path(text)
    }
    guard let table = value?.table else {
      throw JitError.corruptFile(
        path,
        "\(name) must be a path (\"../api\") or { store = \"postgresql\", database_env = \"VARIABLE\" }")
    }
    for key in table.keys.sorted() where key != "store" && key != "database_env" {
      throw JitError.corruptFile(
        path,
        "\(name): unknown key '\(key)' (the keys are store and database_env, the name of the "
          + "environment variable that holds the connection: never the connection itself)")
    }
    guard table["store"]?.string == "postgresql" else {
      throw JitError.corruptFile(path, "\(name).store must be \"postgresql\" (a path names a file store)")
    }
    guard let variable = table["database_env"]?.string, isVariableName(variable) else {
      throw JitError.corruptFile(
        path, "\(name).database_env must name an environment variable (such as JIT_API_DATABASE_URL)")
    }
    return .postgresql(databaseEnv: variable)
  }

  /// `[A-Za-z_][A-Za-z0-9_]*`: a name, so that a connection string pasted there is refused.
  static func isVariableName(_ text: String) -> Bool {
    guard let first = text.utf8.first, first == 95 || (65...90).contains(first) || (97...122).contains(first)
    else { return false }
    return text.utf8.allSatisfy {
      $0 == 95 || (65...90).contains($0) || (97...122).contains($0) || (48...57).contains($0)
    }
  }
}

import JitApp
import JitCore
import JitSystem

/// The static `jit` links no PostgreSQL client (libpq cannot link statically): a repository whose
/// `.jit/config.toml` chooses the store, and `init --store postgresql`, are handed to `jit-pg`
/// (the same commands with the PostgreSQL store) by replacing this process with it. File-store
/// repositories never pay for it: without a `config.toml` it costs one `stat`; with one (aliases of
/// other repositories, `store = "files"`) this jit reads it itself (`JitConfigFile`), and only a
/// file that names PostgreSQL (the store, or an alias's) is handed over.
enum Companion {
  /// Whether this process must hand the command over: it has no store provider, and either
  /// `--store` names another store than the files or the repository's `config.toml` names
  /// PostgreSQL. A `config.toml` this jit cannot parse is not handed over: the command reports it.
  static func needed(_ arguments: [String], environment: [String: String], workingDirectory: String) -> Bool {
    guard StoreComposition.provider == nil else { return false }
    let words = Array(arguments[..<(arguments.firstIndex(of: "--") ?? arguments.endIndex)])
    var repository: String?
    for (index, word) in words.enumerated() {
      let next = index + 1 < words.count ? words[index + 1] : nil
      if word == "--store", let next, next != "files" { return true }
      if word.hasPrefix("--store="), word != "--store=files" { return true }
      if word == "--repo" { repository = next }
      if word.hasPrefix("--repo=") { repository = String(word.dropFirst("--repo=".count)) }
    }
    guard
      let configuration = try? JitConfiguration.fromEnvironment(
        workingDirectory: workingDirectory, environment: environment, repositoryOverride: repository),
      let layout = try? configuration.locate(verifyingSchema: false)
    else { return false }
    guard FileSystem.exists(RepositorySettings.path(layout)) else { return false }
    guard let settings = try? StoreComposition.settings(layout) else { return false }
    return settings.needsPostgreSQL
  }

  /// Replaces this process with `jit-pg` (`JIT_PG`, else the one beside this executable), with the
  /// same arguments and environment; returns only when it cannot, with the error to report.
  static func handOver(_ arguments: [String], environment: [String: String]) -> JitError {
    let path: String
    if let named = environment["JIT_PG"], !named.isEmpty {
      path = named
    } else {
      var buffer = [CChar](repeating: 0, count: 4096)
      let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
      let executable =
        length > 0 ? String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self) : ""
      path =
        (executable.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/"))
        + "/jit-pg"
    }
    let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
    execv(path, argv)
    let reason = String(cString: strerror(errno))
    for pointer in argv { free(pointer) }
    return JitError(
      .storeUnavailable,
      "this repository's store is chosen by .jit/config.toml, which needs jit-pg (jit with the PostgreSQL "
        + "store), and \(path) cannot run: \(reason); install it beside jit (scripts/install) or name it in JIT_PG",
      details: ["companion": .string(path), "reason": .string(reason)])
  }
}

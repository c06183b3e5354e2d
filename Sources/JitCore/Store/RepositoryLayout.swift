/// Where everything lives inside a `.jit/` directory.
public struct RepositoryLayout: Sendable, Hashable {
  /// The name of the directory jit keeps its files in.
  public static let directoryName = ".jit"
  /// The current on-disk schema version, written to `index.json`.
  public static let schemaVersion = 1

  /// The `.jit` directory itself.
  public let jitDirectory: String

  public init(jitDirectory: String) {
    var path = jitDirectory
    while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
    self.jitDirectory = path
  }

  /// The directory that holds `.jit`: the repository root, where gate commands run.
  public var rootDirectory: String {
    guard let slash = jitDirectory.lastIndex(of: "/") else { return "." }
    let parent = String(jitDirectory[..<slash])
    return parent.isEmpty ? "/" : parent
  }

  public var issuesDirectory: String { jitDirectory + "/issues" }
  public var gatesFile: String { jitDirectory + "/gates.json" }
  public var indexFile: String { jitDirectory + "/index.json" }
  public var eventsFile: String { jitDirectory + "/events.jsonl" }
  public var lockFile: String { jitDirectory + "/.lock" }
  public var cacheDirectory: String { jitDirectory + "/cache" }
  /// Transient state that is never committed: the journal of a write in progress.
  public var runDirectory: String { jitDirectory + "/run" }
  /// Claims' leases, one file per issue (git-ignored, with the rest of `run/`).
  public var leasesDirectory: String { runDirectory + "/leases" }
  public var pluginsDirectory: String { jitDirectory + "/plugins" }
  /// The SSH keys of the people who may sign approvals (`ssh-keygen`'s allowed signers format).
  public var allowedSignersFile: String { jitDirectory + "/allowed_signers" }
  public var gitattributesFile: String { jitDirectory + "/.gitattributes" }
  public var gitignoreFile: String { jitDirectory + "/.gitignore" }

  /// The file of one issue. Safe by construction: an `IssueID` holds only base32 characters.
  public func issueFile(_ id: IssueID) -> String { issuesDirectory + "/" + id.rawValue + ".json" }

  /// A path relative to the repository root, for messages.
  public func relative(_ path: String) -> String {
    let root = rootDirectory == "/" ? "/" : rootDirectory + "/"
    return path.hasPrefix(root) ? String(path.dropFirst(root.count)) : path
  }
}

/// Finds the `.jit` directory that governs a working directory, searching upward as git does.
public enum RepositoryLocator {
  /// The `.jit` directory at or above `start`; `NOT_INITIALIZED` when there is none. In a linked git
  /// worktree it is the main working tree's (`LinkedWorktree`), when that one has a tracker: one
  /// tracker per repository, whatever the worktree.
  public static func locate(from start: String) throws -> RepositoryLayout {
    var directory = start.hasSuffix("/") && start.count > 1 ? String(start.dropLast()) : start
    while true {
      if let main = LinkedWorktree.mainWorkingTree(of: directory) {
        let shared = LinkedWorktree.join(main, RepositoryLayout.directoryName)
        if FileSystem.isDirectory(shared) { return RepositoryLayout(jitDirectory: shared) }
      }
      let candidate = (directory == "/" ? "" : directory) + "/" + RepositoryLayout.directoryName
      if FileSystem.isDirectory(candidate) { return RepositoryLayout(jitDirectory: candidate) }
      guard directory != "/", let slash = directory.lastIndex(of: "/") else { break }
      let parent = String(directory[..<slash])
      directory = parent.isEmpty ? "/" : parent
    }
    throw JitError(
      .notInitialized,
      "no jit repository here or in any parent of \(start): run 'jit init' first (or pass --repo DIR)",
      details: ["searched_from": .string(start)])
  }

  /// The `.jit` directory for an explicit `--repo DIR` or `JIT_DIR`: DIR itself if it is named
  /// `.jit`, else `DIR/.jit`. It must exist.
  public static func explicit(_ directory: String) throws -> RepositoryLayout {
    let trimmed = directory.count > 1 && directory.hasSuffix("/") ? String(directory.dropLast()) : directory
    let candidate =
      trimmed.hasSuffix("/" + RepositoryLayout.directoryName) || trimmed == RepositoryLayout.directoryName
      ? trimmed : trimmed + "/" + RepositoryLayout.directoryName
    guard FileSystem.isDirectory(candidate) else {
      throw JitError(
        .notInitialized, "\(candidate) is not a jit repository: run 'jit init' in \(trimmed) first",
        details: ["path": .string(candidate)])
    }
    return RepositoryLayout(jitDirectory: candidate)
  }
}

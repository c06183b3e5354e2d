import JitCore

/// The local git configuration the `jit` merge driver needs. Attributes are committed, but git
/// never runs a driver a clone has not configured itself, so every clone needs:
///
///     git config merge.jit.driver "jit merge-file %O %A %B"
///
/// (`jit init` runs it, and sets `merge.jit.name`). Git runs the command through the shell, which
/// finds `jit` on the `PATH`; a clone that keeps jit elsewhere puts its full path there.
public enum GitMergeDriver {
  /// The driver command, as git expects it.
  public static let command = "jit merge-file %O %A %B"
  /// The name git shows for it.
  public static let name = "jit issue files (field-by-field merge)"

  /// What `configure` found or did.
  public enum Setup: String, Sendable, Codable {
    /// `merge.jit.driver` was set now.
    case configured
    /// It was set already (to this command, or to one the user chose, which is kept).
    case alreadyConfigured = "already_configured"
    /// The repository is not inside a git work tree, or git is not installed.
    case notGit = "not_git"
  }

  /// Sets `merge.jit.driver` and `merge.jit.name` in the local git configuration of the work tree
  /// that holds `layout`, unless a driver is configured already.
  public static func configure(_ layout: RepositoryLayout, environment: [String: String]) -> Setup {
    let root = layout.rootDirectory
    guard let inside = git(["rev-parse", "--is-inside-work-tree"], in: root, environment), inside == "true"
    else { return .notGit }
    if let existing = git(["config", "--get", "merge.jit.driver"], in: root, environment), !existing.isEmpty {
      return .alreadyConfigured
    }
    guard git(["config", "merge.jit.name", name], in: root, environment) != nil,
      git(["config", "merge.jit.driver", command], in: root, environment) != nil
    else { return .notGit }
    return .configured
  }

  /// Git's trimmed output, or nil when it fails or cannot be run.
  static func git(_ arguments: [String], in directory: String, _ environment: [String: String]) -> String? {
    let launch = ProcessLaunch(
      executable: "/bin/sh", arguments: ["-c", "exec git \"$@\" 2>/dev/null", "git"] + arguments,
      directory: directory, environment: environment, timeout: 30, mergeStandardError: false)
    guard let result = try? ChildProcess.run(launch), result.termination == .exited(0) else { return nil }
    var text = String(decoding: result.output, as: UTF8.self)
    while text.hasSuffix("\n") { text.removeLast() }
    return text
  }
}

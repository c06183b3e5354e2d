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

  /// The git work tree that holds a repository: where its hooks go, and the repository's directory
  /// relative to the work tree's top (where git runs hooks).
  struct WorkTree {
    var root: String
    var hook: String
    var prefix: String
    var environment: [String: String]

    /// Nil when `layout` is not inside a git work tree (or git is missing): one `git` run.
    init?(_ layout: RepositoryLayout, environment: [String: String]) {
      root = layout.rootDirectory
      self.environment = environment
      guard
        let output = GitMergeDriver.git(
          ["rev-parse", "--is-inside-work-tree", "--git-path", "hooks/post-merge", "--show-prefix"], in: root,
          environment)
      else { return nil }
      let lines = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
      guard lines.count >= 2, lines[0] == "true" else { return nil }
      hook = lines[1].hasPrefix("/") ? lines[1] : (root == "/" ? "" : root) + "/" + lines[1]
      prefix = lines.count > 2 ? lines[2] : ""
    }
  }

  /// Configures the driver (`configure`) and installs the hook (`installHook`) for the git work
  /// tree that holds `layout`; `notGit` for both when there is none.
  public static func setUp(_ layout: RepositoryLayout, environment: [String: String]) throws -> (Setup, Hook)
  {
    guard let tree = WorkTree(layout, environment: environment) else { return (.notGit, .notGit) }
    return (configure(tree), try installHook(tree))
  }

  /// Sets `merge.jit.driver` and `merge.jit.name` in the local git configuration of the work tree,
  /// unless a driver is configured already.
  static func configure(_ tree: WorkTree) -> Setup {
    let (root, environment) = (tree.root, tree.environment)
    if let existing = git(["config", "--get", "merge.jit.driver"], in: root, environment), !existing.isEmpty {
      return .alreadyConfigured
    }
    guard git(["config", "merge.jit.name", name], in: root, environment) != nil,
      git(["config", "merge.jit.driver", command], in: root, environment) != nil
    else { return .notGit }
    return .configured
  }

  /// What `installHook` found or did.
  public enum Hook: String, Sendable, Codable {
    /// `.git/hooks/post-merge` was written now, running `jit validate --fix`.
    case installed
    /// A `post-merge` hook exists (jit's or another): it is left as it is.
    case present
    /// The repository is not inside a git work tree, or git is not installed.
    case notGit = "not_git"
  }

  /// The `post-merge` hook `installHook` writes: after every merge (`git pull` too) it corrects
  /// the derived states the merge left wrong, and shows what `validate` still reports (nothing when
  /// all is well: git prints a hook's output after every merge).
  /// - Parameter repository: the directory holding `.jit`, relative to the work tree's top.
  public static func hookScript(repository: String) -> String {
    """
    #!/bin/sh
    # Written by 'jit init': after a merge, derive the states the merged files left wrong (a dependent
    # of an issue another branch reopened) and report recorded merge conflicts. See docs/format.md.
    command -v jit >/dev/null 2>&1 || exit 0
    by=${JIT_ACTOR:-human:${USER:-$(id -un 2>/dev/null || echo git)}}
    out=$(cd '\(repository)' && jit validate --fix --by "$by" 2>&1)
    case "$out" in
      "OK: "*"no problems found") ;;
      *) printf 'jit validate --fix, after the merge:\\n%s\\n' "$out" ;;
    esac
    exit 0

    """
  }

  /// Writes a `post-merge` hook running `jit validate --fix`, where git looks for hooks
  /// (`core.hooksPath` too), unless one is there already.
  static func installHook(_ tree: WorkTree) throws -> Hook {
    let (path, prefix) = (tree.hook, tree.prefix)
    if FileSystem.exists(path) { return .present }
    if let slash = path.lastIndex(of: "/") { try FileSystem.createDirectory(String(path[..<slash])) }
    var repository = prefix
    while repository.hasSuffix("/") { repository.removeLast() }
    let script = hookScript(repository: repository.isEmpty ? "." : repository.replacing("'", with: "'\\''"))
    return try FileSystem.createExecutable(path, Array(script.utf8)) ? .installed : .present
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

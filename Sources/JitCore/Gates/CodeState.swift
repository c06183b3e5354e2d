import Synchronization

/// The code a verdict was given on: the commit checked out and whether the working tree differed
/// from it outside `.jit/` (and if so, the git tree of what was actually there).
public struct CodeState: Sendable, Hashable, Codable {
  /// `HEAD`; nil in a repository without commits.
  public var commit: String?
  /// Whether the working tree (tracked and untracked files, outside `.jit/`) differed from `commit`.
  public var dirty: Bool
  /// When dirty: the git tree id of the working tree outside `.jit/`.
  public var tree: String?

  public init(commit: String?, dirty: Bool, tree: String?) {
    self.commit = commit
    self.dirty = dirty
    self.tree = tree
  }
}

/// Why a passed gate's evidence no longer matches the code.
public struct Staleness: Sendable, Hashable, Codable {
  /// A sentence: what moved.
  public var reason: String
}

/// Git, asked about the code around a repository: what is checked out, whether the tree is dirty,
/// and whether evidence recorded earlier still matches. Every answer is nil outside a git checkout
/// (or without git), where evidence cannot be bound to code.
///
/// It remembers answers for its lifetime, so judging many gates costs one `git diff` per commit.
public final class GitWorkspace: Sendable {
  let root: String
  let environment: [String: String]
  private let lock = Mutex<Caches>(Caches())

  private struct Caches {
    var current: CodeState??
    var changedSince: [String: Bool?] = [:]
  }

  /// Git run in `root` (the directory holding `.jit/`) with `environment` (for `PATH` and `HOME`).
  public init(root: String, environment: [String: String]) {
    self.root = root
    var environment = environment
    // Our own temporary index must not be overridden, and prompts must not wait for a person.
    environment["GIT_INDEX_FILE"] = nil
    environment["GIT_TERMINAL_PROMPT"] = "0"
    self.environment = environment
  }

  /// The code checked out now; nil outside a git checkout.
  public func current() -> CodeState? {
    if let known = lock.withLock({ $0.current }) { return known }
    let state = probe()
    lock.withLock { $0.current = .some(state) }
    return state
  }

  /// Whether the evidence's code differs from the code now: nil when it is not stale (or cannot be
  /// judged: no commit recorded, or not a git checkout).
  public func staleness(of evidence: GateEvidence) -> Staleness? {
    guard let recorded = evidence.code, let now = current() else { return nil }
    if recorded.dirty {
      guard let tree = recorded.tree, tree != now.tree else { return nil }
      let at = recorded.commit.map { " on top of \(Self.short($0))" } ?? ""
      return Staleness(
        reason: "it was given on uncommitted changes\(at), and the working tree outside .jit/ is no "
          + "longer the one judged")
    }
    guard let commit = recorded.commit, let head = now.commit, commit != head else { return nil }
    switch changed(since: commit, to: head) {
    case false: return nil
    case true:
      return Staleness(
        reason: "it was given at commit \(Self.short(commit)); HEAD (\(Self.short(head))) has changes "
          + "outside .jit/ since")
    case nil:
      return Staleness(
        reason: "it was given at commit \(Self.short(commit)), which this repository no longer has")
    }
  }

  /// Whether anything outside `.jit/` differs between two commits; nil when `commit` is unknown.
  private func changed(since commit: String, to head: String) -> Bool? {
    if let known = lock.withLock({ $0.changedSince[commit] }) { return known }
    let result = run(
      "git cat-file -e \"$1^{commit}\" 2>/dev/null || exit 3; "
        + "git diff --quiet \"$1\" \"$2\" -- :/ ':(exclude).jit'", [commit, head])
    let answer: Bool? =
      switch result?.status {
      case 0: false
      case 1: true
      default: nil
      }
    lock.withLock { $0.changedSince[commit] = .some(answer) }
    return answer
  }

  /// One shell script that reads HEAD, builds the working tree outside `.jit/` in a temporary index
  /// (the real index is copied, so only changed files are hashed, and never touched), writes it as
  /// a tree, and compares it with HEAD.
  private func probe() -> CodeState? {
    let script = """
      git rev-parse --is-inside-work-tree >/dev/null 2>&1 || exit 3
      head=$(git rev-parse --verify -q HEAD 2>/dev/null) || head=
      index=$(mktemp "${TMPDIR:-/tmp}/jit-index.XXXXXX") || exit 4
      trap 'rm -f "$index"' EXIT
      source=$(git rev-parse --git-path index)
      # -p keeps the index's time, by which git tells a file changed in the second it was staged.
      if [ -f "$source" ]; then cp -p "$source" "$index"; else rm -f "$index"; fi
      export GIT_INDEX_FILE="$index"
      git add -A -- :/ ':(exclude).jit' >/dev/null 2>&1 || exit 4
      git rm -r -q --cached --ignore-unmatch -- .jit >/dev/null 2>&1 || exit 4
      tree=$(git write-tree) || exit 4
      dirty=1
      if [ -n "$head" ] && git diff --cached --quiet "$head" -- :/ ':(exclude).jit'; then dirty=0; fi
      printf '%s\\n%s\\n%s\\n' "$head" "$dirty" "$tree"
      """
    guard let result = run(script, []), result.status == 0 else { return nil }
    let lines = result.output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    guard lines.count >= 3 else { return nil }
    let dirty = lines[1] == "1"
    return CodeState(commit: lines[0].isEmpty ? nil : lines[0], dirty: dirty, tree: lines[2])
  }

  private func run(_ script: String, _ arguments: [String]) -> ChildProcess.ScriptResult? {
    ChildProcess.script(script, arguments, in: root, environment: environment)
  }

  static func short(_ commit: String) -> String { String(commit.prefix(12)) }
}

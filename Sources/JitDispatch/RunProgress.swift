import Foundation
import JitCore

/// What counts as a run's progress besides its output, for stall detection: a change to its issue's
/// file (the agent's own updates, comments, gate results, its completion), and with `workspace =
/// "worktree"` a change in its worktree (HEAD moved, or the set of changed files or any of their
/// sizes and modification times), looked at no more often than every `interval`.
struct RunProgress {
  let issueFile: String
  /// How the issue is stamped: its file's `stat`, or for a database store a read of the issue
  /// (looked at no more often than `issueLookInterval`).
  let issueStamper: () -> [Int64]
  let issueLookInterval: Duration?
  private var lastIssueLook: ContinuousClock.Instant?
  /// The worktree to watch, or nil (`workspace = "repo"`: the repository root is shared by every
  /// run, so its changes say nothing of one run).
  let tree: String?
  private var issueStamp: [Int64]
  private var treeDigest: String?
  private var lastTreeLook: ContinuousClock.Instant?
  /// The worktree is looked at no more often than this (two `git` processes each time): 3 seconds,
  /// or a third of `stall_secs` when that is shorter.
  let interval: Duration

  /// `readIssue` stamps the issue of a database store (PostgreSQL), which has no file to `stat`.
  init(issueFile: String, tree: String?, stallSecs: Double, readIssue: (() -> [Int64])? = nil) {
    self.issueFile = issueFile
    self.tree = tree
    self.interval = .milliseconds(Int64(min(3, max(stallSecs, 0.3) / 3) * 1000))
    self.issueStamper = readIssue ?? { Self.stamp(issueFile) }
    self.issueLookInterval = readIssue == nil ? nil : .milliseconds(250)
    self.issueStamp = issueStamper()
  }

  /// Whether the issue changed since the last call (one `stat`, or one read of a database store's
  /// issue when it is time to look again).
  mutating func issueChanged() -> Bool {
    if let issueLookInterval {
      let now = ContinuousClock.now
      if let last = lastIssueLook, now - last < issueLookInterval { return false }
      lastIssueLook = now
    }
    let now = issueStamper()
    guard now != issueStamp else { return false }
    issueStamp = now
    return true
  }

  /// Whether the worktree changed since it was last looked at; false when it is not time to look
  /// again, or there is no worktree. The first look only takes the baseline.
  mutating func treeChanged(at now: ContinuousClock.Instant) async -> Bool {
    guard let tree else { return false }
    if let last = lastTreeLook, now - last < interval { return false }
    lastTreeLook = now
    // On a thread of its own: `git` is waited for.
    let digest = (try? await BlockingWork.run { Self.digest(of: tree) }) ?? nil
    defer { treeDigest = digest }
    guard let before = treeDigest, let digest else { return false }
    return digest != before
  }

  /// HEAD, then each changed or untracked file with its size and modification time.
  static func digest(of tree: String) -> String? {
    guard let head = try? Workspace.git(["rev-parse", "HEAD"], in: tree), head.status == 0,
      let status = try? Workspace.git(["status", "--porcelain", "--untracked-files=all"], in: tree),
      status.status == 0
    else { return nil }
    var digest = head.output
    for line in status.output.split(separator: "\n").prefix(2_000) {
      let path = line.dropFirst(3)
      digest += line + " " + stamp(tree + "/" + path).map(String.init).joined(separator: ",") + "\n"
    }
    return digest
  }

  /// Size, modification time (ns) and inode of `path`; empty when it does not exist.
  static func stamp(_ path: String) -> [Int64] {
    var info = stat()
    guard stat(path, &info) == 0 else { return [] }
    return [
      Int64(info.st_size), Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec),
      Int64(info.st_ino),
    ]
  }
}

import Foundation
import JitCore

/// Where a run works: the repository root, or (`workspace = "worktree"`) a git worktree and branch
/// per issue outside the repository, made once and reused by every retry; jit-dispatch never
/// removes one (so uncommitted or unmerged work is never lost: `git worktree remove` is the user's).
public enum Workspace {
  public static func prepare(_ settings: DispatchConfig.Settings, layout: RepositoryLayout, issue: Issue)
    throws
    -> String
  {
    let root = layout.rootDirectory
    guard settings.workspace == .worktree else { return root }
    let name = String(root.split(separator: "/").last ?? "repo")
    let parent = root.split(separator: "/").dropLast().joined(separator: "/")
    let base = settings.worktreeRoot ?? ("/" + parent + "/" + name + ".jit-worktrees")
    let short = String(issue.id.rawValue.suffix(8)).lowercased()
    let path = base + "/" + short
    if FileSystem.isDirectory(path + "/.git") || FileSystem.exists(path + "/.git") { return path }
    try FileSystem.createDirectory(base)
    let branch = "jit/" + short
    let exists = try git(["rev-parse", "--verify", "--quiet", "refs/heads/" + branch], in: root).status == 0
    let arguments =
      exists ? ["worktree", "add", path, branch] : ["worktree", "add", "-b", branch, path, "HEAD"]
    let result = try git(arguments, in: root)
    guard result.status == 0 else {
      throw DispatchError(.launchFailed, "git worktree add \(path) failed: \(result.output)")
    }
    return path
  }

  static func git(_ arguments: [String], in directory: String) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["git", "-C", directory] + arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }
}

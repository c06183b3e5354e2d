import Foundation
import JitTestSupport
import Testing

@Suite(.serialized) struct WorkspaceTests {
  func git(_ arguments: [String], in directory: String) throws -> CommandResult {
    try BuiltBinary.run(
      "/usr/bin/env", ["git", "-C", directory] + arguments, in: directory,
      environment: [
        "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": directory,
        "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@t",
      ])
  }

  @Test func eachIssueGetsAWorktreeThatRetriesReuseAndNothingRemoves() throws {
    let d = try DispatchRepo()
    let worktrees = try TemporaryDirectory(prefix: "jit-worktrees")
    #expect(try git(["init", "-q", "-b", "main"], in: d.root).status == 0)
    try "hello\n".write(toFile: d.path("README"), atomically: true, encoding: .utf8)
    #expect(try git(["add", "README"], in: d.root).status == 0)
    #expect(try git(["commit", "-q", "-m", "base"], in: d.root).status == 0)
    // First attempt: leaves uncommitted work and fails. Second: finds it (same worktree) and succeeds.
    try d.script(
      "agent.sh",
      """
      pwd >> "$MARKS/pwd"
      echo "$JIT_DIR" >> "$MARKS/jitdir"
      if [ -f work.txt ]; then exit 0; fi
      echo "half done" > work.txt
      exit 1
      """)
    try FileManager.default.createDirectory(atPath: d.path("marks"), withIntermediateDirectories: true)
    try d.config(
      """
      [dispatch]
      poll_interval_secs = 0.1
      retry_base_secs = 0.1
      workspace = "worktree"
      worktree_root = "\(worktrees.path)"
      [[agents]]
      id = "w"
      command = "\(d.path("agent.sh"))"
      env = { MARKS = "\(d.path("marks"))" }
      """)
    let id = try d.repo.create("in a worktree")
    let result = try d.run("start", "--until-idle")
    #expect(result.status == 0, "\(result.stderr)")
    #expect(try d.state(id) == "done")
    let short = String(id.suffix(8)).lowercased()
    let tree = worktrees.path + "/" + short
    let dirs = try String(contentsOfFile: d.path("marks/pwd"), encoding: .utf8).split(separator: "\n").map(
      String.init)
    #expect(dirs.count == 2)
    #expect(Set(dirs).count == 1, "retries reuse the worktree")
    #expect(
      URL(fileURLWithPath: dirs[0]).resolvingSymlinksInPath().path
        == URL(fileURLWithPath: tree).resolvingSymlinksInPath().path)
    let jitDirs = try String(contentsOfFile: d.path("marks/jitdir"), encoding: .utf8).split(separator: "\n")
    let main = URL(fileURLWithPath: d.path(".jit")).standardizedFileURL.path
    #expect(jitDirs.count == 2)
    #expect(
      jitDirs.allSatisfy { URL(fileURLWithPath: String($0)).standardizedFileURL.path == main },
      "JIT_DIR is the main repository's: \(jitDirs) vs \(main)")
    // The worktree, its branch and its uncommitted work are still there.
    #expect(FileManager.default.fileExists(atPath: tree + "/work.txt"))
    #expect(try git(["rev-parse", "--verify", "--quiet", "refs/heads/jit/" + short], in: d.root).status == 0)
    #expect(!FileManager.default.fileExists(atPath: d.path("work.txt")), "the main checkout was not touched")
  }
}

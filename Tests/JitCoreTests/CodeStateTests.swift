import Foundation
import JitTestSupport
import Testing

@testable import JitCore

/// Evidence bound to code: what `GitWorkspace` reads of a real git repository, and when it calls
/// recorded evidence stale.
@Suite struct CodeStateTests {
  let directory: TemporaryDirectory
  let environment: [String: String]

  init() throws {
    directory = try TemporaryDirectory()
    environment = [
      "PATH": "/usr/bin:/bin", "HOME": directory.path, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t",
      "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t",
    ]
    try FileManager.default.createDirectory(
      atPath: directory.path + "/.jit", withIntermediateDirectories: true)
  }

  func workspace() -> GitWorkspace { GitWorkspace(root: directory.path, environment: environment) }

  @discardableResult
  func sh(_ script: String) throws -> String {
    let launch = ProcessLaunch(
      executable: "/bin/sh", arguments: ["-c", script], directory: directory.path, environment: environment,
      timeout: 30, mergeStandardError: true)
    let result = try ChildProcess.run(launch)
    let output = String(decoding: result.output, as: UTF8.self)
    guard result.termination == .exited(0) else { throw HarnessError("\(script): \(output)") }
    return output.trimmingCharacters(in: .whitespacesAndNewlines)
  }

  func evidence(_ code: CodeState?) -> GateEvidence { GateEvidence(source: "command", code: code) }

  @Test func outsideGitThereIsNoCodeToBindTo() {
    #expect(workspace().current() == nil)
  }

  @Test func aCleanTreeIsItsCommitAndGoesStaleWhenCodeOutsideJitChanges() throws {
    try sh(
      "git init -q . && echo one >app.txt && echo a >.jit/issue.json && git add -A && git commit -qm one")
    let head = try sh("git rev-parse HEAD")
    let state = try #require(workspace().current())
    #expect(state.commit == head)
    #expect(state.dirty == false)
    let recorded = evidence(state)
    #expect(workspace().staleness(of: recorded) == nil)

    // A commit that changes only .jit/ (the tracker's own files) keeps the evidence fresh.
    try sh("echo b >.jit/issue.json && git commit -qam tracker")
    #expect(workspace().staleness(of: recorded) == nil)
    // Uncommitted work does not make clean evidence stale: HEAD has not moved past its commit.
    try sh("echo edited >app.txt")
    #expect(workspace().staleness(of: recorded) == nil)
    // A commit that changes the code does.
    try sh("git commit -qam two")
    let stale = try #require(workspace().staleness(of: recorded))
    #expect(stale.reason.contains(String(head.prefix(12))))
  }

  @Test func aDirtyTreeIsRecordedAsSuchWithTheTreeThatWasJudged() throws {
    try sh("git init -q . && echo one >app.txt && git add -A && git commit -qm one")
    try sh("echo two >app.txt && echo new >untracked.txt")
    let state = try #require(workspace().current())
    #expect(state.dirty)
    let tree = try #require(state.tree)
    #expect(tree.count == 40)
    // The real index is untouched: nothing was staged.
    #expect(try sh("git diff --cached --name-only") == "")
    let recorded = evidence(state)
    #expect(workspace().staleness(of: recorded) == nil)
    // Changing .jit/ changes nothing; changing an untracked file outside it does.
    try sh("echo x >.jit/other.json")
    #expect(workspace().staleness(of: recorded) == nil)
    try sh("echo changed >untracked.txt")
    #expect(workspace().staleness(of: recorded) != nil)
    // Committing exactly what was judged makes it fresh again: the same tree.
    try sh("echo new >untracked.txt && git add app.txt untracked.txt && git commit -qm judged")
    #expect(workspace().staleness(of: recorded) == nil)
  }

  @Test func evidenceAtACommitTheRepositoryNoLongerHasIsStale() throws {
    try sh("git init -q . && echo one >app.txt && git add -A && git commit -qm one")
    let recorded = evidence(CodeState(commit: String(repeating: "ab", count: 20), dirty: false, tree: nil))
    let stale = try #require(workspace().staleness(of: recorded))
    #expect(stale.reason.contains("no longer has"))
  }
}

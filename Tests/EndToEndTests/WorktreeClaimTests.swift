import Foundation
import JitCore
import JitTestSupport
import Synchronization
import Testing

/// One tracker per repository, whatever the worktree: agents in two linked git worktrees share the
/// main working tree's `.jit/`, so their claims exclude each other.
@Suite struct WorktreeClaimTests {
  func git(_ arguments: [String], in directory: String) throws {
    let result = try BuiltBinary.run(
      "/usr/bin/git", ["-c", "user.email=t@t", "-c", "user.name=t"] + arguments, in: directory,
      environment: ["PATH": "/usr/bin:/bin", "HOME": directory])
    guard result.status == 0 else { throw HarnessError("git \(arguments): \(result.stderr)") }
  }

  @Test func agentsInTwoWorktreesClaimEachIssueOnce() throws {
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/git") else {
      Issue.record("git is not installed")
      return
    }
    let jit = try BuiltBinary.path("jit")
    let directory = try TemporaryDirectory(prefix: "jit-worktrees")
    let main = directory.file("main")
    try FileManager.default.createDirectory(atPath: main, withIntermediateDirectories: true)
    try git(["init", "-q"], in: main)
    try SyntheticRepository.generate(at: main, count: 500, readyPool: true)
    try git(["add", "-A"], in: main)
    try git(["commit", "-qm", "tracker"], in: main)
    let trees = [directory.file("wt1"), directory.file("wt2")]
    for tree in trees { try git(["worktree", "add", "-q", tree], in: main) }
    let environment = ["JIT_ACTOR": "human:t", "PATH": "/usr/bin:/bin", "USER": "t"]
    let claims = Mutex(0)
    try TestThread.runAll(2) { worker in
      while true {
        let result = try? BuiltBinary.run(
          jit, ["issue", "claim-next", "--to", "agent:w\(worker)", "--json"], in: trees[worker],
          environment: environment)
        guard result?.status == 0 else { return }
        claims.withLock { $0 += 1 }
      }
    }
    #expect(claims.withLock { $0 } == 500)
    // Every claim landed in the main working tree's tracker, once per issue.
    let log = try String(contentsOfFile: main + "/.jit/events.jsonl", encoding: .utf8)
    let claimed = log.split(separator: "\n").filter { $0.contains("\"issue.claimed\"") }
    #expect(claimed.count == 500)
    var perIssue: [String: Int] = [:]
    for line in claimed {
      guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
        let id = object["id"] as? String
      else { continue }
      perIssue[id, default: 0] += 1
    }
    #expect(perIssue.count == 500)
    #expect(perIssue.values.allSatisfy { $0 == 1 })
    // The worktrees' own checked-out copies were never written.
    for tree in trees {
      let own = try? String(contentsOfFile: tree + "/.jit/events.jsonl", encoding: .utf8)
      #expect(own?.contains("issue.claimed") != true)
    }
  }

  @Test func jitDirStillOverridesTheWorktreeRule() throws {
    let directory = try TemporaryDirectory(prefix: "jit-worktrees")
    let main = directory.file("main")
    try FileManager.default.createDirectory(atPath: main, withIntermediateDirectories: true)
    try git(["init", "-q"], in: main)
    try SyntheticRepository.generate(at: main, count: 3, readyPool: true)
    try git(["add", "-A"], in: main)
    try git(["commit", "-qm", "tracker"], in: main)
    let tree = directory.file("wt")
    try git(["worktree", "add", "-q", tree], in: main)
    func standard(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.path }
    #expect(try standard(RepositoryLocator.locate(from: tree).jitDirectory) == standard(main + "/.jit"))
    #expect(LinkedWorktree.mainWorkingTree(of: main) == nil)
    let explicit = try RepositoryLocator.explicit(tree)
    #expect(explicit.jitDirectory == tree + "/.jit")
  }

  @Test func initInsideAnotherTrackerIsRefusedUnlessNested() throws {
    let directory = try TemporaryDirectory(prefix: "jit-worktrees")
    let main = directory.file("main")
    try FileManager.default.createDirectory(atPath: main + "/sub", withIntermediateDirectories: true)
    try git(["init", "-q"], in: main)
    let environment = ["JIT_ACTOR": "human:t", "PATH": "/usr/bin:/bin", "USER": "t"]
    let jit = try BuiltBinary.path("jit")
    #expect(try BuiltBinary.run(jit, ["init"], in: main, environment: environment).status == 0)
    try git(["add", "-A"], in: main)
    try git(["commit", "-qm", "tracker"], in: main)
    let tree = directory.file("wt")
    try git(["worktree", "add", "-q", tree], in: main)
    for place in [main + "/sub", tree] {
      let refused = try BuiltBinary.run(jit, ["init", "--json"], in: place, environment: environment)
      #expect(refused.status == 5, "\(place): \(refused.stdout)")
      #expect(refused.errorCode == "ALREADY_EXISTS")
    }
    #expect(!FileManager.default.fileExists(atPath: main + "/sub/.jit"))
    #expect(
      try BuiltBinary.run(jit, ["init", "--nested"], in: main + "/sub", environment: environment).status == 0)
    #expect(FileManager.default.fileExists(atPath: main + "/sub/.jit/issues"))
    // Running init again where the tracker is stays harmless.
    #expect(try BuiltBinary.run(jit, ["init"], in: main, environment: environment).status == 0)
  }
}

import Foundation
import JitCore
import JitTestSupport
import Testing

/// Real processes killed with SIGKILL in the middle of a many-file write: every command after them
/// finds the write wholly made (with its events) or not made at all.
@Suite struct KillStormTests {
  @Test func killedGatePassesLeaveAllOrNothing() throws {
    let jit = try BuiltBinary.path("jit")
    let repo = try TemporaryRepository()
    // Approvals by a script: this test is about atomicity, and its passes run without a terminal.
    #expect(repo.run("gate", "define", "review", "--title", "Review", "--approval", "any").status == 0)
    let root = try repo.create("root", "--gate", "review")
    var dependents: [String] = []
    for index in 0..<120 { dependents.append(try repo.create("dependent \(index)", "--dep", root)) }
    var generator = SeededGenerator(seed: 42)
    var made = 0
    var undone = 0
    // How long one unkilled pass takes, so that the kills land before, inside and after the write.
    #expect(repo.run("issue", "claim", root, "--to", "agent:w").status == 0)
    #expect(repo.run("issue", "complete", root, "--by", "agent:w").status == 0)
    let started = Date()
    try passOnce(jit, repo, root, killAfter: nil)
    let duration = Date().timeIntervalSince(started)
    #expect(repo.run("issue", "reopen", root).status == 0)
    for round in 0..<16 {
      let claim = repo.run("issue", "claim", root, "--to", "agent:w")
      #expect(claim.status == 0, "round \(round): \(claim.stderr)")
      #expect(repo.run("issue", "complete", root, "--by", "agent:w").status == 0, "round \(round)")
      let eventsBefore = try repo.events().count
      try passOnce(jit, repo, root, killAfter: Double.random(in: 0...(duration * 1.1), using: &generator))
      // The next command sees all of it or none of it.
      let validate = repo.run("validate", "--json")
      #expect(validate.status == 0, "round \(round): \(validate.stdout)")
      let states = try repo.run("issue", "list", "--json").array()
      let rootState = states.first { $0["id"] as? String == root }?["state"] as? String
      let dependentStates = Set(
        states.filter { $0["id"] as? String != root }.compactMap { $0["state"] as? String })
      let events = try repo.events()
      if rootState == "done" {
        made += 1
        #expect(dependentStates == ["ready"], "round \(round)")
        // gate.passed, the root's state change and completion, and one state change per dependent.
        #expect(events.count - eventsBefore >= 2 + dependents.count, "round \(round)")
      } else {
        undone += 1
        #expect(rootState == "gated", "round \(round)")
        #expect(dependentStates == ["backlog"], "round \(round)")
        #expect(events.count == eventsBefore, "round \(round): no event of a write that did not happen")
      }
      #expect(!FileManager.default.fileExists(atPath: repo.layout.runDirectory + "/journal"))
      let strays = try FileManager.default.contentsOfDirectory(atPath: repo.layout.issuesDirectory)
        .filter { $0.hasSuffix(".tmp") }
      #expect(strays.isEmpty, "round \(round): \(strays)")
      // Back to ready for the next round.
      if rootState != "done" { try passOnce(jit, repo, root, killAfter: nil) }
      #expect(repo.run("issue", "reopen", root).status == 0)
    }
    #expect(made + undone == 16)
    #expect(undone > 0, "some kills landed before the write was done")
  }

  /// Runs `gate pass` as its own process, killed with SIGKILL after `killAfter` seconds if given.
  func passOnce(_ jit: String, _ repo: TemporaryRepository, _ root: String, killAfter: Double?) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: jit)
    process.arguments = ["gate", "pass", root, "review", "--by", "human:lead"]
    process.currentDirectoryURL = URL(fileURLWithPath: repo.root)
    process.environment = repo.environment
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    if let killAfter {
      usleep(UInt32(killAfter * 1_000_000))
      kill(process.processIdentifier, SIGKILL)
    }
    process.waitUntilExit()
  }
}

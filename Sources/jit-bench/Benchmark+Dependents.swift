import Foundation
import JitCore
import JitSystem
import JitTestSupport

/// One mutation that re-derives many dependents: the last gate pass on an issue that 300 others wait
/// on makes it done and moves each of them to ready, in one unit. The whole command stays under
/// 200 ms, so the lock it holds for part of that does too.
extension Benchmark {
  func wideUnit(root: String) throws -> Int {
    let dependents = 300
    try? FileManager.default.removeItem(atPath: root)
    try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    guard chdir(root) == 0 else { throw HarnessError("cannot enter \(root)") }
    let person = environment.merging(["JIT_ACTOR": "human:lead"]) { $1 }
    func jit(_ arguments: String..., as env: [String: String]? = nil) throws -> Measurement {
      let result = Spawn.run([options.jit] + arguments, environment: env ?? environment)
      guard result.status == 0 else { throw HarnessError("jit \(arguments.joined(separator: " ")) failed") }
      return result
    }
    _ = try jit("init", as: person)
    // Approvals by a script: the bench measures the write, not the approval policy.
    _ = try jit("gate", "define", "review", "--title", "Review", "--approval", "any", as: person)
    let created = root + "/root.json"
    let made = Spawn.run(
      [options.jit, "issue", "create", "--title", "root", "--gate", "review", "--json"], environment: person,
      stdoutPath: created)
    guard made.status == 0, let data = FileManager.default.contents(atPath: created),
      let object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
      let id = object["id"] as? String
    else { throw HarnessError("cannot create the root issue") }
    for index in 0..<dependents {
      _ = try jit("issue", "create", "--title", "dependent \(index)", "--dep", id, as: person)
    }
    var runs: [Measurement] = []
    for _ in 0..<max(3, min(options.runs, 7)) {
      _ = try jit("issue", "claim", id, "--to", "agent:bench")
      _ = try jit("issue", "complete", id)
      runs.append(try jit("gate", "pass", id, "review", "--by", "human:lead", as: person))
      _ = try jit("issue", "reopen", id, as: person)
    }
    return report("gate pass, 300 dependents", dependents + 1, runs, budget: 200)
  }
}

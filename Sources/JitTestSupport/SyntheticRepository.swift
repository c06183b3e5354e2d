import Foundation
import JitCore

/// Writes a repository of many issues straight to disk (no `jit` process per issue), with a
/// realistic shape: each issue depends on 0 to 3 recent ones, about 40% are done, priorities are
/// mixed, some issues require gates (a few precheck), some work is in progress. States are
/// consistent with the rules, so `jit validate` finds nothing to fix.
public struct SyntheticRepository {
  public struct Summary: Sendable {
    public var ids: [IssueID]
    public var states: [IssueState: Int]
    /// The state of each issue, in the order of `ids`.
    public var each: [IssueState] = []
  }

  /// The gates the generated issues use.
  public static let gates = GateRegistry(gates: [
    "review": GateDefinition(key: "review", title: "Code review", auto: false),
    "unit-tests": GateDefinition(key: "unit-tests", title: "Unit tests", auto: true),
    "design": GateDefinition(key: "design", title: "Design approval", auto: false, stage: .precheck),
  ])

  /// Creates `.jit/` in `root` (if needed) and writes `count` issues into it.
  @discardableResult
  public static func generate(at root: String, count: Int, seed: UInt64 = 42, readyPool: Bool = false) throws
    -> Summary
  {
    let layout = RepositoryLayout(jitDirectory: root + "/.jit")
    try RepositoryInitializer.initialize(layout)
    try FileSystem.writeAtomically(JSONCoding.encodeFile(gates), to: layout.gatesFile)
    var random = SeededGenerator(seed: seed)
    let ids = ULIDGenerator()
    let start = Timestamp(millisecondsSince1970: 1_750_000_000_000)
    let human = try Actor(validating: "human:reviewer")
    var states: [IssueState] = []
    var summary = Summary(ids: [], states: [:])
    let priorities: [Priority] = [.low, .normal, .normal, .normal, .high, .high, .critical]
    for index in 0..<count {
      let created = start.adding(milliseconds: Int64(index) * 60_000)
      let id = try IssueID(validating: ids.next(at: created.date))
      var dependencies: [Int] = []
      if !readyPool && index > 0 {
        for _ in 0..<random.below(4) {
          let back = 1 + random.below(min(index, 50))
          if !dependencies.contains(index - back) { dependencies.append(index - back) }
        }
      }
      var gateKeys: [String] = []
      if !readyPool {
        if random.chance(20) { gateKeys.append("review") }
        if random.chance(10) { gateKeys.append("unit-tests") }
        if random.chance(4) { gateKeys.append("design") }
      }
      let dependenciesDone = dependencies.allSatisfy { states[$0] == .done }
      // Older work is mostly finished: about 40% done overall.
      let old = index * 100 < count * 42
      var state: IssueState
      if readyPool {
        state = .ready
      } else if dependenciesDone && random.chance(old ? 100 : 3) {
        state = .done
      } else if !dependenciesDone {
        state = .backlog
      } else {
        let precheckPending = gateKeys.contains("design") && random.chance(50)
        if precheckPending {
          state = .backlog
        } else {
          switch random.below(10) {
          case 0: state = .inProgress
          // Gated means waiting for a postcheck gate: the design gate has passed by now, so an
          // issue that requires only it would be done (validate's STATE_MISMATCH).
          case 1 where gateKeys.contains(where: { $0 != "design" }): state = .gated
          default: state = .ready
          }
        }
      }
      var gatesStatus: [String: GateStatus] = [:]
      for key in gateKeys {
        let passed = state == .done || (key == "design" && state != .backlog)
        gatesStatus[key] =
          passed
          ? GateStatus(status: .passed, updatedBy: human, updatedAt: created.adding(milliseconds: 1_000))
          : GateStatus()
      }
      let assignee: Actor? =
        (state == .inProgress || state == .gated || state == .done)
        ? try Actor(validating: "agent:worker-\(random.below(20))") : nil
      let issue = Issue(
        id: id,
        title:
          "Synthetic issue \(index): \(["fix", "add", "refactor", "document"][index % 4]) module \(index % 97)",
        description: "Generated for the benchmark. Acceptance: the thing works.\nSecond line.",
        state: state, priority: priorities[random.below(priorities.count)], assignee: assignee,
        dependencies: dependencies.map { summary.ids[$0] }, gatesRequired: gateKeys, gatesStatus: gatesStatus,
        context: index % 5 == 0 ? ["epic": "epic-\(index % 13)"] : [:], createdAt: created)
      // A plain write, without jit's fsync per file: generating 100,000 issues stays fast.
      try Data(JSONCoding.encodeFile(issue)).write(to: URL(fileURLWithPath: layout.issueFile(id)))
      states.append(state)
      summary.ids.append(id)
      summary.states[state, default: 0] += 1
      summary.each.append(state)
    }
    return summary
  }
}

/// A small deterministic generator (SplitMix64), so that a seed gives the same repository, and a
/// failing generated test case can be repeated.
public struct SeededGenerator: RandomNumberGenerator {
  var state: UInt64
  public init(seed: UInt64) { state = seed }

  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A number in 0..<bound.
  public mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
  /// True about `percent` times in a hundred.
  public mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
}

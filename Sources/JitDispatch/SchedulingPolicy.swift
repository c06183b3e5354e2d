import JitCore

/// The pure part of one cycle: which ready issue goes to which agent, given capacities. Values in,
/// values out; the dispatcher feeds it from the tracker and claims what it picks.
public enum SchedulingPolicy {
  /// A ready, unassigned issue that some agent may take.
  public struct Candidate: Sendable, Hashable {
    public var id: IssueID
    public var priority: Priority
    public var createdAt: Timestamp
    /// The longest chain of open work waiting downstream of it (0 when nothing depends on it).
    public var criticalPath: Int
    /// How many open issues wait on it, directly or not.
    public var downstream: Int
    /// The agents whose filter it passes, in config order.
    public var agents: [String]

    public init(
      id: IssueID, priority: Priority, createdAt: Timestamp, criticalPath: Int = 0, downstream: Int = 0,
      agents: [String]
    ) {
      self.id = id
      self.priority = priority
      self.createdAt = createdAt
      self.criticalPath = criticalPath
      self.downstream = downstream
      self.agents = agents
    }
  }

  /// One pick: this issue, to this agent.
  public struct Assignment: Sendable, Hashable {
    public var issue: IssueID
    public var agent: String

    public init(issue: IssueID, agent: String) {
      self.issue = issue
      self.agent = agent
    }
  }

  /// Free slots, per agent and for the whole dispatcher.
  public struct Capacity: Sendable, Hashable {
    /// Free slots per agent id.
    public var free: [String: Int]
    /// Free slots under `max_in_flight`.
    public var inFlight: Int

    public init(free: [String: Int], inFlight: Int) {
      self.free = free
      self.inFlight = inFlight
    }

    /// Takes one slot of `agent`.
    public mutating func take(_ agent: String) {
      free[agent, default: 0] -= 1
      inFlight -= 1
    }
  }

  /// Work order: priority (critical first), then the longest critical path downstream, then the most
  /// downstream work, then age (oldest first), then id.
  public static func ordered(_ candidates: [Candidate]) -> [Candidate] {
    candidates.sorted { a, b in
      if a.priority != b.priority { return a.priority > b.priority }
      if a.criticalPath != b.criticalPath { return a.criticalPath > b.criticalPath }
      if a.downstream != b.downstream { return a.downstream > b.downstream }
      if a.createdAt != b.createdAt { return a.createdAt < b.createdAt }
      return a.id < b.id
    }
  }

  /// The next pick among `ordered` candidates, or nil when no slot or no eligible issue is left: the
  /// first issue with an eligible agent that has a free slot, to the one of them with the most free
  /// slots (config order on a tie).
  public static func next(_ ordered: [Candidate], capacity: Capacity) -> Assignment? {
    guard capacity.inFlight > 0 else { return nil }
    for candidate in ordered {
      var best: (agent: String, free: Int)?
      for agent in candidate.agents {
        let free = capacity.free[agent, default: 0]
        if free > 0 && free > (best?.free ?? 0) { best = (agent, free) }
      }
      if let best { return Assignment(issue: candidate.id, agent: best.agent) }
    }
    return nil
  }

  /// Every pick of one cycle when every claim succeeds: never more than any agent's free slots or
  /// the dispatcher's, counted within the cycle.
  public static func plan(_ candidates: [Candidate], capacity: Capacity) -> [Assignment] {
    var remaining = ordered(candidates)
    var capacity = capacity
    var picks: [Assignment] = []
    while let pick = next(remaining, capacity: capacity) {
      picks.append(pick)
      capacity.take(pick.agent)
      remaining.removeAll { $0.id == pick.issue }
    }
    return picks
  }

  /// For each issue, the longest chain of `open` issues downstream of it and how many open issues
  /// wait on it, from the graph's edges (`issue` depends on `dependency`). Cycles cannot occur (the
  /// tracker refuses them); a visit guard keeps this finite anyway.
  /// Only the issues in `of` are answered when it is given (a cycle needs its candidates' only).
  public static func downstream(
    edges: [DependencyEdge], open: Set<IssueID>, of wanted: Set<IssueID>? = nil
  ) -> [IssueID: (criticalPath: Int, downstream: Int)] {
    var dependents: [IssueID: [IssueID]] = [:]
    for edge in edges where open.contains(edge.issue) {
      dependents[edge.dependency, default: []].append(edge.issue)
    }
    var depth: [IssueID: Int] = [:]
    var visiting: Set<IssueID> = []
    func longest(_ id: IssueID) -> Int {
      if let known = depth[id] { return known }
      guard visiting.insert(id).inserted else { return 0 }
      let value = (dependents[id] ?? []).map { longest($0) + 1 }.max() ?? 0
      visiting.remove(id)
      depth[id] = value
      return value
    }
    var result: [IssueID: (criticalPath: Int, downstream: Int)] = [:]
    for id in Set(dependents.keys) where wanted?.contains(id) ?? true {
      var seen: Set<IssueID> = []
      var stack = dependents[id] ?? []
      while let next = stack.popLast() {
        if seen.insert(next).inserted { stack.append(contentsOf: dependents[next] ?? []) }
      }
      result[id] = (longest(id), seen.count)
    }
    return result
  }

  /// Seconds before the retry after `attempt` failures: `min(base * 2^(attempt-1), cap)`.
  public static func backoff(attempt: Int, baseSecs: Double, capSecs: Double) -> Double {
    guard attempt > 0 else { return 0 }
    let exponent = Double(min(attempt - 1, 40))
    return min(baseSecs * pow2(exponent), capSecs)
  }

  private static func pow2(_ exponent: Double) -> Double {
    var value = 1.0
    var left = Int(exponent)
    while left > 0 {
      value *= 2
      left -= 1
    }
    return value
  }
}

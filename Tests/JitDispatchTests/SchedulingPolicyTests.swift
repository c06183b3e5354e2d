import JitCore
import JitDispatch
import Testing

@Suite struct SchedulingPolicyTests {
  static func id(_ n: Int) -> IssueID {
    let digits = String(n)
    let text = "01J" + String(repeating: "0", count: 23 - digits.count) + digits
    guard let id = IssueID(text) else { fatalError("\(text) is not an id") }
    return id
  }

  static func candidate(
    _ n: Int, _ priority: Priority = .normal, age: Int64 = 0, path: Int = 0, down: Int = 0,
    agents: [String] = ["a"]
  ) -> SchedulingPolicy.Candidate {
    SchedulingPolicy.Candidate(
      id: id(n), priority: priority, createdAt: Timestamp(millisecondsSince1970: 1_000_000 - age),
      criticalPath: path,
      downstream: down, agents: agents)
  }

  @Test func priorityThenCriticalPathThenDownstreamThenAge() {
    let candidates = [
      Self.candidate(1, .low, age: 100),
      Self.candidate(2, .normal, age: 1),
      Self.candidate(3, .normal, age: 50),
      Self.candidate(4, .normal, path: 3, down: 3),
      Self.candidate(5, .normal, path: 1, down: 5),
      Self.candidate(6, .critical),
      Self.candidate(7, .normal, path: 1, down: 2),
    ]
    let order = SchedulingPolicy.ordered(candidates).map(\.id)
    #expect(order == [6, 4, 5, 7, 3, 2, 1].map(Self.id))
  }

  @Test func capacityIsCountedWithinTheCycle() {
    let candidates = (1...10).map { Self.candidate($0, agents: ["a", "b"]) }
    let picks = SchedulingPolicy.plan(
      candidates, capacity: .init(free: ["a": 2, "b": 5], inFlight: 6))
    #expect(picks.count == 6)
    #expect(picks.filter { $0.agent == "a" }.count <= 2)
    #expect(picks.filter { $0.agent == "b" }.count <= 5)
    #expect(Set(picks.map(\.issue)).count == picks.count)
    // Without a global cap the agents' slots bound it.
    #expect(
      SchedulingPolicy.plan(candidates, capacity: .init(free: ["a": 2, "b": 5], inFlight: 100)).count == 7)
    #expect(
      SchedulingPolicy.plan(candidates, capacity: .init(free: ["a": 0, "b": 0], inFlight: 100)).isEmpty)
  }

  @Test func anIssueGoesOnlyToAnAgentWhoseFilterItPasses() {
    let candidates = [Self.candidate(1, .critical, agents: ["b"]), Self.candidate(2, .high, agents: ["a"])]
    let picks = SchedulingPolicy.plan(candidates, capacity: .init(free: ["a": 1, "b": 0], inFlight: 5))
    #expect(picks == [SchedulingPolicy.Assignment(issue: Self.id(2), agent: "a")])
  }

  @Test func downstreamCountsOnlyOpenWork() {
    // 1 <- 2 <- 3 <- 4, and 1 <- 5; 6 is done so it does not count.
    let edges = [(2, 1), (3, 2), (4, 3), (5, 1), (6, 1)].map {
      DependencyEdge(issue: Self.id($0.0), dependency: Self.id($0.1))
    }
    let open = Set([1, 2, 3, 4, 5].map(Self.id))
    let result = SchedulingPolicy.downstream(edges: edges, open: open)
    #expect(result[Self.id(1)]?.criticalPath == 3)
    #expect(result[Self.id(1)]?.downstream == 4)
    #expect(result[Self.id(3)]?.criticalPath == 1)
    #expect(result[Self.id(4)] == nil)
    // Asked for some only, it answers those, with the same values.
    let some = SchedulingPolicy.downstream(edges: edges, open: open, of: [Self.id(3)])
    #expect(some.keys.sorted() == [Self.id(3)])
    #expect(some[Self.id(3)]?.criticalPath == 1 && some[Self.id(3)]?.downstream == 1)
  }

  @Test func backoffDoublesUpToItsCap() {
    #expect(SchedulingPolicy.backoff(attempt: 1, baseSecs: 30, capSecs: 900) == 30)
    #expect(SchedulingPolicy.backoff(attempt: 2, baseSecs: 30, capSecs: 900) == 60)
    #expect(SchedulingPolicy.backoff(attempt: 4, baseSecs: 30, capSecs: 900) == 240)
    #expect(SchedulingPolicy.backoff(attempt: 10, baseSecs: 30, capSecs: 900) == 900)
    #expect(SchedulingPolicy.backoff(attempt: 0, baseSecs: 30, capSecs: 900) == 0)
  }
}

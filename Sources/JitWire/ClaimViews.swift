import JitCore

/// `issue heartbeat`: the renewed lease, `{"id", "holder", "generation", "duration_ms",
/// "expires_at", "renewed_at"}`.
extension Lease: WireView {}

/// `issue reclaim --expired`: one per reclaimed issue, `{"issue": {...}, "previous_holder",
/// "previous_generation", "held"}`.
public struct ReclaimView: WireView {
  public var reclaim: Reclaim

  public init(_ reclaim: Reclaim) { self.reclaim = reclaim }

  enum CodingKeys: String, CodingKey {
    case issue, held
    case previousHolder = "previous_holder"
    case previousGeneration = "previous_generation"
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(IssueView(reclaim.issue), forKey: .issue)
    try container.encode(reclaim.previousHolder, forKey: .previousHolder)
    try container.encode(reclaim.previousGeneration, forKey: .previousGeneration)
    try container.encode(reclaim.held, forKey: .held)
  }
}

/// `query stalled`: the issue's fields with `idle_ms`, `lease_expired` and `lease` (null without one).
public struct StalledView: WireView {
  public var stalled: StalledIssue

  public init(_ stalled: StalledIssue) { self.stalled = stalled }

  enum CodingKeys: String, CodingKey {
    case idleMs = "idle_ms"
    case leaseExpired = "lease_expired"
    case lease
  }

  public func encode(to encoder: any Encoder) throws {
    try IssueView(stalled.issue).encode(to: encoder)
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(stalled.idleMs, forKey: .idleMs)
    try container.encode(stalled.leaseExpired, forKey: .leaseExpired)
    try container.encode(stalled.lease, forKey: .lease)
  }
}

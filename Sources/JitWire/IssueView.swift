import JitCore

/// An issue as agents see it: every stored field, plus `short_id` and, where a command has them,
/// why it is blocked and what stands between it and done.
///
/// This is the one issue shape of the wire. `IssueJSON` in JitCore writes the same bytes without
/// an encoder for answers that list many issues; `IssueViewFastPathTests` holds the two together
/// key by key.
public struct IssueView: WireView {
  /// The issue, as stored.
  public var issue: Issue
  /// What keeps it from `ready` (dependencies not done, precheck gates not passed): adds
  /// `blocked` and `blocked_by`.
  public var blockedBy: BlockingReasons?
  /// Required gates that have not passed, which keep it from `done`.
  public var gatesBlockingDone: [GateBlocker]?
  /// Everything between the issue and `done`, with who may set each gate.
  public var untilDone: DoneOutlook?
  /// `issue show`: passed gates whose evidence no longer matches the code (`stale_gates`).
  public var staleGates: [StaleGate]?
  /// `issue show`: each signed approval verified again, and signed gates passed unsigned (`signatures`).
  public var signatures: [SignatureCheck]?
  /// `claim --lease`, `heartbeat`, `issue show`: the lease of the current claim (`lease`).
  public var lease: Lease?
  /// `issue show`: each external dependency with its title and state there (`external`).
  public var external: [ExternalStatus]?

  /// The view; `gatesBlockingDone` defaults to the gates of `untilDone`.
  public init(
    _ issue: Issue, blockedBy: BlockingReasons? = nil, gatesBlockingDone: [GateBlocker]? = nil,
    untilDone: DoneOutlook? = nil
  ) {
    self.issue = issue
    self.blockedBy = blockedBy
    self.gatesBlockingDone =
      gatesBlockingDone
      ?? untilDone.map { $0.gates.map { GateBlocker(key: $0.key, status: $0.status, stage: $0.stage) } }
    self.untilDone = untilDone
  }

  enum CodingKeys: String, CodingKey {
    case shortID = "short_id"
    case blocked
    case blockedBy = "blocked_by"
    case gatesBlockingDone = "gates_blocking_done"
    case untilDone = "until_done"
    case staleGates = "stale_gates"
    case signatures, lease, external
  }

  /// Writes the members listed above.
  public func encode(to encoder: any Encoder) throws {
    try issue.encode(to: encoder)
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(issue.id.short, forKey: .shortID)
    if let blockedBy {
      try container.encode(!blockedBy.isEmpty, forKey: .blocked)
      try container.encode(blockedBy, forKey: .blockedBy)
    }
    try container.encodeIfPresent(gatesBlockingDone, forKey: .gatesBlockingDone)
    try container.encodeIfPresent(untilDone, forKey: .untilDone)
    try container.encodeIfPresent(staleGates, forKey: .staleGates)
    if let external, !external.isEmpty { try container.encode(external, forKey: .external) }
    try container.encodeIfPresent(signatures, forKey: .signatures)
    try container.encodeIfPresent(lease, forKey: .lease)
  }
}

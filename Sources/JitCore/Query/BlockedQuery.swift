/// What `jit query blocked` means: an open issue is blocked when something outside its own work
/// holds it back.
///
/// - every dependency that is not `done` (only `done` satisfies a dependency), with its state, or
///   `missing` when no such issue exists;
/// - every `precheck` gate that has not passed (pending or failed), which holds it out of `ready`;
/// - for a `gated` issue, every required gate that has not passed, which holds it out of `done`.
///
/// Postcheck gates of an issue still being worked on (`backlog`, `ready`, `in_progress`) are not
/// reasons: they only matter once the work is complete. Done and archived issues are never blocked.
public enum BlockedQuery {
  /// The reasons an issue is blocked, or nil when it is not (`ReadinessEvaluator.blockers`).
  /// - Parameter lookup: a dependency by id (nil when it does not exist).
  public static func reasons(
    _ issue: Issue, gates: GateRegistry, lookup: (IssueID) throws -> Issue?
  ) throws -> BlockingReasons? {
    try withoutActuallyEscaping(lookup) { lookup in
      try ReadinessEvaluator(gates: gates, lookup: lookup).blockers(issue)
    }
  }

  /// Whether a required gate in `status` blocks an issue in `issueState`; the blocker if so.
  public static func gateBlocker(
    key: String, status: GateState, issueState: IssueState, gates: GateRegistry
  ) -> GateBlocker? {
    guard status != .passed else { return nil }
    let stage = gates[key]?.stage
    guard stage == .precheck || issueState == .gated else { return nil }
    return GateBlocker(key: key, status: status, stage: stage)
  }
}

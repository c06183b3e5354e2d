import JitCore

/// `gate add` / `remove` / `pass` / `fail`: `{"gate", "changed", "status", "issue"}`.
///
/// `changed` is false for a no-op. `status` is the gate's status on the issue afterwards
/// (`pending`, `passed`, `failed`), or null once `gate remove` took it off. The evidence is where
/// the issue keeps it: `issue.gates_status[gate].evidence`.
public struct GateChangeView: WireView {
  /// The gate key.
  public var gate: String
  /// False when the command was a no-op.
  public var changed: Bool
  /// The gate's status on the issue afterwards; nil once it was removed.
  public var status: GateState?
  /// The issue afterwards, with `until_done`.
  public var issue: IssueView

  /// The view of what a gate command did.
  public init(_ change: GateChange) {
    gate = change.gate
    changed = change.changed
    status =
      change.issue.gatesStatus[change.gate]?.status
      ?? (change.issue.gatesRequired.contains(change.gate) ? .pending : nil)
    issue = IssueView(change.issue, untilDone: change.outlook)
  }

  enum CodingKeys: String, CodingKey {
    case gate, changed, status, issue
  }

  /// Writes the members listed above.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(gate, forKey: .gate)
    try container.encode(changed, forKey: .changed)
    try container.encode(status, forKey: .status)
    try container.encode(issue, forKey: .issue)
  }
}

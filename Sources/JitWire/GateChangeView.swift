import JitCore

/// `gate add` / `remove` / `pass` / `fail`: `{"gate", "changed", "status", "issue"}`.
///
/// `changed` is false for a no-op. `status` is the gate's status on the issue afterwards
/// (`pending`, `passed`, `failed`), or null once `gate remove` took it off. The evidence is where
/// the issue keeps it: `issue.gates_status[gate].evidence`.
public struct GateChangeView: WireView {
  public var gate: String
  public var changed: Bool
  public var status: GateState?
  public var issue: IssueView

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

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(gate, forKey: .gate)
    try container.encode(changed, forKey: .changed)
    try container.encode(status, forKey: .status)
    try container.encode(issue, forKey: .issue)
  }
}

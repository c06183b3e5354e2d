import JitCore

/// One checker run in a `gate check` report: `{"gate", "status", "applied", "note", "evidence"}`.
///
/// `status` is the run's verdict: `passed`, `failed`, or `error` when the checker could not decide.
/// `applied` says whether the verdict was recorded on the issue. The evidence (exit code, duration,
/// `output_tail`, commit) is printed once: a recorded verdict's is the gate's on the issue
/// (`issue.gates_status[gate].evidence`), and only a run that was not recorded carries its own
/// `evidence`. `note` says why a verdict was not recorded, when it was decided but not written.
public struct CheckResultView: WireView {
  /// The run, as the tracker recorded it.
  public var outcome: CheckerOutcome

  /// The view of one run.
  public init(_ outcome: CheckerOutcome) {
    self.outcome = outcome
  }

  enum CodingKeys: String, CodingKey {
    case gate, status, applied, note, evidence
  }

  /// Writes the members listed above.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(outcome.gate, forKey: .gate)
    try container.encode(outcome.result.rawValue, forKey: .status)
    try container.encode(outcome.applied, forKey: .applied)
    try container.encodeIfPresent(outcome.note, forKey: .note)
    if !outcome.applied { try container.encode(outcome.evidence, forKey: .evidence) }
  }
}

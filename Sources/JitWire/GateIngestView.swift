import JitCore

/// `gate ingest`: `{"gate", "status", "issue"}`, printed at the top level whether the gate passed
/// or failed; a failed gate adds `error` (`ReportWithError`) and exits 4.
///
/// `status` is the verdict recorded from the artifact. Its evidence (source, message, figures,
/// artifact, commit) is where the issue keeps it: `issue.gates_status[gate].evidence`.
public struct GateIngestView: WireView {
  /// What the ingest did.
  public var report: GateIngestReport

  /// The view of an ingest.
  public init(_ report: GateIngestReport) {
    self.report = report
  }

  enum CodingKeys: String, CodingKey {
    case gate, status, issue
  }

  /// Writes the members listed above.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(report.gate, forKey: .gate)
    try container.encode(report.result, forKey: .status)
    try container.encode(IssueView(report.issue, untilDone: report.outlook), forKey: .issue)
  }

  /// `GATE_FAILED` (exit 4) naming the gate in `details.gates`, or nil when it passed.
  public static func error(_ report: GateIngestReport) -> JitError? {
    guard report.result != .passed else { return nil }
    return JitError(
      .gateFailed, "gate \(report.gate) failed: \(report.evidence.message ?? report.evidence.source)",
      details: ["gates": .array([.string(report.gate)])])
  }
}

import JitCore

/// `gate check`: `{"status", "results", "skipped", "issue"}`, printed at the top level whether the
/// check passed or not; a failed check adds `error` (`ReportWithError`) and exits non-zero.
///
/// `status` is the whole call's verdict: `error` if any checker could not run, else `failed` if any
/// gate failed, else `passed`. `results` has one `CheckResultView` per checker run, `skipped` the
/// required gates not run (`{"gate", "reason"}`), and `issue` the issue afterwards, with
/// `until_done`.
public struct GateCheckView: WireView {
  /// What the check did.
  public var report: GateCheckReport

  /// The view of a check.
  public init(_ report: GateCheckReport) {
    self.report = report
  }

  enum CodingKeys: String, CodingKey {
    case status, results, skipped, issue
  }

  /// Writes the members listed above.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(report.overall.rawValue, forKey: .status)
    try container.encode(report.results.map(CheckResultView.init), forKey: .results)
    try container.encode(report.skipped, forKey: .skipped)
    try container.encode(IssueView(report.issue, untilDone: report.outlook), forKey: .issue)
  }

  /// The error a check that did not pass ends with, naming its gates in `details.gates`: exit 4
  /// (`GATE_FAILED`) when a gate failed, 10 (`CHECKER_ERROR`) when a checker could not run. Nil when
  /// every gate passed.
  public static func error(_ report: GateCheckReport) -> JitError? {
    switch report.overall {
    case .passed:
      return nil
    case .error:
      let broken = report.results.filter { $0.result == .error }
      return JitError(
        .checkerError,
        "a checker could not run: "
          + broken.map { "\($0.gate) (\($0.evidence.message ?? "error"))" }.joined(separator: ", "),
        details: ["gates": .array(broken.map { .string($0.gate) })])
    case .failed:
      let failed = report.results.filter { $0.result == .failed }.map(\.gate)
      return JitError(
        .gateFailed, "gate(s) failed: " + failed.joined(separator: ", "),
        details: ["gates": .array(failed.map { .string($0) })])
    }
  }
}

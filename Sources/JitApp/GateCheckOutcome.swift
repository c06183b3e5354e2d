import JitCore

/// A gate check's report, and the error the call ends with when it did not pass.
public struct GateCheckOutcome: Sendable {
  /// What each checker found, and the issue as the check left it.
  public var report: GateCheckReport
  /// `GATE_FAILED` (a gate failed) or `CHECKER_ERROR` (a checker could not run); nil when all passed.
  public var failure: JitError?
}

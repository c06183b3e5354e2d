import JitCore

/// An artifact ingest's report, and the error the call ends with when the gate failed.
public struct GateIngestOutcome: Sendable {
  /// The verdict, its evidence, and the issue as the ingest left it.
  public var report: GateIngestReport
  /// `GATE_FAILED` when the artifact failed the gate; nil when it passed.
  public var failure: JitError?
}

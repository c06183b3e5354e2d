import JitCore

/// What `validate` found (and, with `fix`, repaired), and the error it ends with when there are
/// errors left.
public struct ValidationOutcome: Sendable {
  /// Every finding, and the repairs made.
  public var report: ValidationReport
  /// `VALIDATION_FAILED` when the report has errors; nil when it has none.
  public var failure: JitError?
}

import JitCore

/// A report that is the answer whether the command succeeds or fails, with an `error` member when
/// it failed: the same members at the same place either way, and `.error.code` as in every other
/// failure. `gate check`, `gate ingest` and `validate` answer with it; on success `error` is
/// absent.
public struct ReportWithError<Report: WireView>: WireView {
  /// The report, the answer either way.
  public var report: Report
  /// Nil when the command succeeded.
  public var error: WireError?

  /// The report, failing with `error` when one is given.
  public init(_ report: Report, error: JitError? = nil) {
    self.report = report
    self.error = error.map(WireError.init)
  }

  enum CodingKeys: String, CodingKey {
    case error
  }

  /// Writes the members listed above.
  public func encode(to encoder: any Encoder) throws {
    try report.encode(to: encoder)
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encodeIfPresent(error, forKey: .error)
  }
}

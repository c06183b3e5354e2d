import JitCore

/// An error as the wire carries it: `{"code", "message", "details"}`.
///
/// A failure prints it as `{"error": {...}}` (`ErrorEnvelope`); a command whose report is the
/// answer even when it fails (`gate check`, `gate ingest`, `validate`) prints its report with this
/// as its `error` member (`ReportWithError`). Either way `.error.code` reads the code.
public struct WireError: Encodable, Sendable, Hashable {
  /// The stable UPPER_SNAKE code (docs/errors.md).
  public var code: String
  /// One sentence for people.
  public var message: String
  /// The structured facts: ids, paths, candidates, the cycle, the gates.
  public var details: [String: JSONValue]

  /// The wire form of an error.
  public init(_ error: JitError) {
    code = error.code.rawValue
    message = error.message
    details = error.details
  }
}

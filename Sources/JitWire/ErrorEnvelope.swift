import JitCore

/// What a failing command prints with `--json`: `{"error": {"code", "message", "details"}}`.
public struct ErrorEnvelope: WireView {
  /// The error: code, message and details.
  public var error: WireError

  /// The envelope of an error.
  public init(_ error: JitError) {
    self.error = WireError(error)
  }
}

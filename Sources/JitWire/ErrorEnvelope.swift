import JitCore

/// What a failing command prints with `--json`: `{"error": {"code", "message", "details"}}`.
public struct ErrorEnvelope: WireView {
  public var error: WireError

  public init(_ error: JitError) {
    self.error = WireError(error)
  }
}

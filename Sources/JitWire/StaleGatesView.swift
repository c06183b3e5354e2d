import JitCore

/// `gate stale`: `{"stale": [...], "reset": [...]}`, each entry `{"id", "gate", "state", "reason",
/// "counts_as_pending", "commit"}`; `reset` lists the gates `--reset` set back to pending (empty
/// without it).
public struct StaleGatesView: WireView {
  public var stale: [StaleGate]
  public var reset: [StaleGate]

  public init(stale: [StaleGate], reset: [StaleGate]) {
    self.stale = stale
    self.reset = reset
  }
}

import JitCore

/// The answer of a `query`: an array of issue views (`[IssueView]`, with `blocked` and `blocked_by`
/// for `query blocked`), written row by row so that a large answer is never held in memory.
///
/// The rows come pre-rendered from the store, through JitCore's fast path `IssueJSON`, which
/// writes exactly what `WireEncoder.document` writes for the views (held to it by tests).
public struct IssueArrayWriter {
  private var writer = IssueJSON.ArrayWriter()

  /// A writer with nothing written yet.
  public init() {}

  /// Adds one issue; `sink` receives the bytes in pieces.
  public mutating func add(_ row: QueryRow, to sink: ([UInt8]) -> Void) {
    writer.add(row, to: sink)
  }

  /// Closes the array (`[]` when there were no rows) and ends the document with a newline.
  public mutating func finish(to sink: ([UInt8]) -> Void) {
    writer.finish(to: sink)
    sink([10])
  }
}

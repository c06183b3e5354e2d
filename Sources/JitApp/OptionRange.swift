import JitCore

/// The range every numeric option takes, checked before anything is read: a value outside it is
/// `INVALID_ARGUMENT` (exit 2) with the range in the message and in `details`.
public enum OptionRange {
  /// `--limit` of `issue list` and every `query`.
  public static let queryLimit = 1...1_000_000_000
  /// `--limit` of `events query` (0 prints nothing).
  public static let eventLimit = 0...1_000_000_000
  /// `-n` of `events tail`.
  public static let tailLines = 0...1_000_000_000
  /// `--depth` of `graph show | downstream` and `export --issue`.
  public static let depth = 0...1_000_000

  /// Refuses `value` outside `range`, naming `option`.
  public static func check(_ value: Int?, _ range: ClosedRange<Int>, option: String) throws {
    guard let value, !range.contains(value) else { return }
    throw JitError.invalidArgument(
      "\(option) must be from \(range.lowerBound) to \(range.upperBound), not \(value)",
      details: [
        "option": .string(option), "input": .string(String(value)),
        "minimum": .int(Int64(range.lowerBound)), "maximum": .int(Int64(range.upperBound)),
      ])
  }
}

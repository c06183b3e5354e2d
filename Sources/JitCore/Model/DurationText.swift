/// Durations as people write them on a command line or in `dispatch.toml`: `90s`, `15m`, `2h`,
/// `1d`, `1h30m`, or a plain number of seconds.
public enum DurationText {
  /// The duration `text` names; `INVALID_ARGUMENT` (naming `option`) when it is not one, or when it
  /// is outside `range` (seconds).
  public static func parse(_ text: String, option: String, range: ClosedRange<Int64>) throws -> Duration {
    func refuse() -> JitError {
      JitError.invalidArgument(
        "\(option) '\(text)' is not a duration from \(describe(range.lowerBound)) to "
          + "\(describe(range.upperBound)): write 90s, 15m, 2h, 1d or 1h30m",
        details: ["input": .string(text)])
    }
    var total: Int64 = 0
    var number: Int64?
    var sawUnit = false
    for byte in text.utf8 {
      if byte >= 48 && byte <= 57 {
        let digit = Int64(byte - 48)
        let (times, overflow) = (number ?? 0).multipliedReportingOverflow(by: 10)
        guard !overflow, times <= Int64.max - digit else { throw refuse() }
        number = times + digit
        continue
      }
      let unit: Int64
      switch byte {
      case UInt8(ascii: "s"): unit = 1
      case UInt8(ascii: "m"): unit = 60
      case UInt8(ascii: "h"): unit = 3600
      case UInt8(ascii: "d"): unit = 86_400
      default: throw refuse()
      }
      guard let value = number else { throw refuse() }
      let (part, overflow) = value.multipliedReportingOverflow(by: unit)
      guard !overflow, part <= Int64.max - total else { throw refuse() }
      total += part
      number = nil
      sawUnit = true
    }
    if let number {
      guard !sawUnit else { throw refuse() }  // "1h30": a number without its unit
      total = number
    } else if !sawUnit {
      throw refuse()
    }
    guard range.contains(total) else { throw refuse() }
    return .seconds(total)
  }

  /// `90` → `90s`, `3600` → `1h`, as a range's bound is shown.
  public static func describe(_ seconds: Int64) -> String {
    if seconds % 86_400 == 0 && seconds > 0 { return "\(seconds / 86_400)d" }
    if seconds % 3600 == 0 && seconds > 0 { return "\(seconds / 3600)h" }
    if seconds % 60 == 0 && seconds > 0 { return "\(seconds / 60)m" }
    return "\(seconds)s"
  }
}

import ArgumentParser

/// A number of seconds written in decimal (`30`, `0.5`), as `JIT_LOCK_TIMEOUT` is: `Double` would
/// also read `0x10`, `1e3`, `inf` and `nan`, which nobody means as seconds. Any word parses; the
/// command's `validate` refuses one that is not a decimal number in its range, saying the range.
struct DecimalSeconds: ExpressibleByArgument {
  let text: String
  /// The seconds, if the text is a decimal number.
  let value: Double?

  init(argument: String) {
    text = argument
    let bytes = Array(argument.utf8)
    let digits = bytes.drop { $0 == UInt8(ascii: "-") && bytes.first == $0 }
    let decimal =
      !digits.isEmpty && bytes.filter({ $0 == UInt8(ascii: "-") }).count <= 1
      && digits.allSatisfy { ($0 >= 48 && $0 <= 57) || $0 == 46 }
    value = decimal ? Double(argument) : nil
  }

  /// Refuses a value that is not decimal or outside `range`, naming `option`.
  func check(_ range: ClosedRange<Double>, option: String) throws {
    guard let value, range.contains(value) else {
      throw ValidationError(
        "\(option) must be a decimal number of seconds from \(Int(range.lowerBound)) to "
          + "\(Int(range.upperBound)), not '\(text)'")
    }
  }
}

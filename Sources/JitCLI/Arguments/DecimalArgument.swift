import ArgumentParser

/// A number written in decimal (`80`, `72.5`, `-1`): Double's own parser also reads `0x10`, `1e3`,
/// `inf` and `nan`, which nobody means as a percentage.
struct DecimalArgument: ExpressibleByArgument {
  var value: Double

  init?(argument: String) {
    var digits = Substring(argument)
    if digits.first == "-" { digits = digits.dropFirst() }
    let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
    guard (1...2).contains(parts.count), !parts[0].isEmpty || parts.count == 2,
      parts.allSatisfy({ $0.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } }),
      parts.contains(where: { !$0.isEmpty }),
      let value = Double(argument), value.isFinite
    else { return nil }
    self.value = value
  }

  static var defaultValueDescription: String { "a decimal number" }
}

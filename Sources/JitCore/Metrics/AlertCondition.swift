/// An alert's condition: comparisons of metrics (by name, `MetricsSnapshot.conditionMetrics`) and
/// numbers, combined with `and` / `or` (`and` binds tighter) and parentheses:
/// `blocked_count > 5`, `ready_count == 0 and in_progress_count < 2`, `(a > 1 or b > 1) and c < 3`.
/// Operators: `>`, `>=`, `<`, `<=`, `==`, `!=`. A condition that does not parse, or names a metric
/// that does not exist, is refused with the column where the problem is.
public indirect enum AlertCondition: Hashable, Sendable {
  case compare(Operand, Comparison, Operand)
  case and(AlertCondition, AlertCondition)
  case or(AlertCondition, AlertCondition)

  public enum Operand: Hashable, Sendable {
    case metric(String)
    case number(Double)
  }

  public enum Comparison: String, Hashable, Sendable, CaseIterable {
    case greater = ">"
    case greaterOrEqual = ">="
    case less = "<"
    case lessOrEqual = "<="
    case equal = "=="
    case notEqual = "!="

    func holds(_ left: Double, _ right: Double) -> Bool {
      switch self {
      case .greater: return left > right
      case .greaterOrEqual: return left >= right
      case .less: return left < right
      case .lessOrEqual: return left <= right
      case .equal: return left == right
      case .notEqual: return left != right
      }
    }
  }

  /// Parses `text`, checking each metric name against `metrics`; `INVALID_CONDITION` (or
  /// `UNKNOWN_METRIC`) with `details.column` (1-based) and `details.condition` when it cannot.
  public static func parse(_ text: String, metrics: Set<String>) throws -> AlertCondition {
    var parser = Parser(text: Array(text.utf8), source: text, metrics: metrics)
    let condition = try parser.disjunction()
    parser.skipSpace()
    if parser.index < parser.text.count { throw parser.failure("expected 'and', 'or' or the end") }
    return condition
  }

  /// Whether it holds, given each metric's value.
  public func holds(_ value: (String) -> Double?) -> Bool {
    switch self {
    case .compare(let left, let comparison, let right):
      guard let l = left.value(value), let r = right.value(value) else { return false }
      return comparison.holds(l, r)
    case .and(let left, let right): return left.holds(value) && right.holds(value)
    case .or(let left, let right): return left.holds(value) || right.holds(value)
    }
  }

  /// The metrics it names, in order of first appearance.
  public var metrics: [String] {
    switch self {
    case .compare(let left, _, let right):
      return [left, right].compactMap { if case .metric(let name) = $0 { return name } else { return nil } }
    case .and(let left, let right), .or(let left, let right):
      var names = left.metrics
      for name in right.metrics where !names.contains(name) { names.append(name) }
      return names
    }
  }

  struct Parser {
    let text: [UInt8]
    let source: String
    let metrics: Set<String>
    var index = 0

    func failure(_ message: String, code: JitError.Code = .invalidCondition, at column: Int? = nil)
      -> JitError
    {
      let column = (column ?? index) + 1
      let found =
        index < text.count ? "'\(String(decoding: text[index...].prefix(12), as: UTF8.self))'" : "the end"
      return JitError(
        code,
        "condition '\(source)', column \(column): \(message)"
          + (code == .invalidCondition ? ", found \(found)" : ""),
        details: ["condition": .string(source), "column": .int(Int64(column))])
    }

    mutating func skipSpace() {
      while index < text.count, text[index] == 32 || text[index] == 9 { index += 1 }
    }

    /// A lower-case word at the current position (without consuming it).
    func word() -> String? {
      var end = index
      while end < text.count, Self.isWordByte(text[end]) { end += 1 }
      return end > index ? String(decoding: text[index..<end], as: UTF8.self) : nil
    }

    static func isWordByte(_ byte: UInt8) -> Bool {
      (byte >= 97 && byte <= 122) || (byte >= 65 && byte <= 90) || (byte >= 48 && byte <= 57) || byte == 95
    }

    mutating func keyword(_ name: String) -> Bool {
      skipSpace()
      guard word()?.lowercased() == name else { return false }
      index += name.utf8.count
      return true
    }

    mutating func disjunction() throws -> AlertCondition {
      var condition = try conjunction()
      while keyword("or") { condition = .or(condition, try conjunction()) }
      return condition
    }

    mutating func conjunction() throws -> AlertCondition {
      var condition = try primary()
      while keyword("and") { condition = .and(condition, try primary()) }
      return condition
    }

    mutating func primary() throws -> AlertCondition {
      skipSpace()
      if index < text.count, text[index] == 40 {
        index += 1
        let inner = try disjunction()
        skipSpace()
        guard index < text.count, text[index] == 41 else { throw failure("expected ')'") }
        index += 1
        return inner
      }
      let left = try operand()
      skipSpace()
      let comparison = try comparisonOperator()
      let right = try operand()
      return .compare(left, comparison, right)
    }

    mutating func comparisonOperator() throws -> Comparison {
      for comparison in Comparison.allCases.sorted(by: { $0.rawValue.count > $1.rawValue.count }) {
        let bytes = Array(comparison.rawValue.utf8)
        if index + bytes.count <= text.count, Array(text[index..<index + bytes.count]) == bytes {
          index += bytes.count
          return comparison
        }
      }
      throw failure("expected a comparison (>, >=, <, <=, ==, !=)")
    }

    mutating func operand() throws -> Operand {
      skipSpace()
      guard index < text.count else { throw failure("expected a metric or a number") }
      let start = index
      let byte = text[index]
      if (byte >= 48 && byte <= 57) || byte == 45 || byte == 46 {
        index += 1
        while index < text.count, (text[index] >= 48 && text[index] <= 57) || text[index] == 46 { index += 1 }
        guard let number = Double(String(decoding: text[start..<index], as: UTF8.self)), number.isFinite
        else {
          index = start
          throw failure("expected a number")
        }
        return .number(number)
      }
      guard let name = word(), !["and", "or"].contains(name.lowercased()),
        byte >= 97 || byte == 95 || byte >= 65
      else { throw failure("expected a metric or a number") }
      guard metrics.contains(name) else {
        let known = metrics.sorted().joined(separator: ", ")
        throw failure("unknown metric '\(name)' (known: \(known))", code: .unknownMetric, at: start)
      }
      index += name.utf8.count
      return .metric(name)
    }
  }
}

extension AlertCondition.Operand {
  func value(_ lookup: (String) -> Double?) -> Double? {
    switch self {
    case .metric(let name): return lookup(name)
    case .number(let number): return number
    }
  }
}

import ArgumentParser
import JitCore

/// A priority as an argument, with a clear error for a wrong word.
struct PriorityArgument: ExpressibleByArgument, CustomStringConvertible {
  var value: Priority
  init(_ value: Priority) { self.value = value }
  init?(argument: String) {
    guard let value = Priority(name: argument) else { return nil }
    self.value = value
  }
  static var allValueStrings: [String] { Priority.allCases.map(\.rawValue) }
  var description: String { value.rawValue }
  var defaultValueDescription: String { value.rawValue }
}

import ArgumentParser
import JitCore

/// One of an enumeration's raw values as an argument, in any case: `--stage Precheck`,
/// `--approval signed`, `--on-stale pending`.
struct ChoiceArgument<Value: RawRepresentable & CaseIterable>: ExpressibleByArgument
where Value.RawValue == String {
  var value: Value
  init?(argument: String) {
    guard let value = Value(rawValue: argument.lowercased()) else { return nil }
    self.value = value
  }
  static var allValueStrings: [String] { Value.allCases.map(\.rawValue) }
}

/// A gate stage as an argument.
typealias StageArgument = ChoiceArgument<GateStage>
/// An approval policy as an argument.
typealias ApprovalArgument = ChoiceArgument<ApprovalPolicy>
/// A stale-evidence policy as an argument.
typealias StaleArgument = ChoiceArgument<StalePolicy>

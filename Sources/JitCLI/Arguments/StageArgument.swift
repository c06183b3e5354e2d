import ArgumentParser
import JitCore

/// A gate stage as an argument.
struct StageArgument: ExpressibleByArgument {
  var value: GateStage
  init?(argument: String) {
    guard let value = GateStage(rawValue: argument.lowercased()) else { return nil }
    self.value = value
  }
  static var allValueStrings: [String] { GateStage.allCases.map(\.rawValue) }
}

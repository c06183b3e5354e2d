import ArgumentParser
import JitCore

/// An approval policy as an argument.
struct ApprovalArgument: ExpressibleByArgument {
  var value: ApprovalPolicy
  init?(argument: String) {
    guard let value = ApprovalPolicy(rawValue: argument.lowercased()) else { return nil }
    self.value = value
  }
  static var allValueStrings: [String] { ApprovalPolicy.allCases.map(\.rawValue) }
}

/// A stale-evidence policy as an argument.
struct StaleArgument: ExpressibleByArgument {
  var value: StalePolicy
  init?(argument: String) {
    guard let value = StalePolicy(rawValue: argument.lowercased()) else { return nil }
    self.value = value
  }
  static var allValueStrings: [String] { StalePolicy.allCases.map(\.rawValue) }
}

import JitCore

/// Parses `key=value` context arguments.
enum ContextArguments {
  static func parse(_ pairs: [String]) throws -> [String: String] {
    var context: [String: String] = [:]
    for pair in pairs {
      guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
        throw JitError.invalidArgument("'\(pair)' is not key=value (for example --context epic=auth)")
      }
      context[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
    }
    return context
  }
}

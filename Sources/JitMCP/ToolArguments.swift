import JitCore
import MCP

/// A tool call's arguments, read by name with their types checked: a wrong type, a missing required
/// argument or an argument the tool does not take is `INVALID_ARGUMENT`, before anything is done.
struct ToolArguments: Sendable {
  let tool: String
  let values: [String: Value]

  /// The arguments of `tool`, refused when one is not among `known`.
  init(tool: String, values: [String: Value]?, known: Set<String>) throws {
    self.tool = tool
    self.values = values ?? [:]
    if let unknown = self.values.keys.sorted().first(where: { !known.contains($0) }) {
      throw JitError.invalidArgument(
        "\(tool) takes no argument '\(unknown)' (it takes: \(known.sorted().joined(separator: ", ")))",
        details: ["argument": .string(unknown), "tool": .string(tool)])
    }
  }

  func string(_ name: String) throws -> String? {
    guard let value = present(name) else { return nil }
    switch value {
    case .string(let text): return Self.literal(text)
    // Should the SDK read a string as a data URL after all, give it back as a data URL.
    case .data(let mimeType, let data):
      return "data:\(mimeType ?? "");base64,\(data.base64EncodedString())"
    default: throw wrongType(name, "a string")
    }
  }

  func requiredString(_ name: String) throws -> String {
    guard let text = try string(name) else { throw missing(name) }
    return text
  }

  func int(_ name: String) throws -> Int? {
    guard let value = present(name) else { return nil }
    if case .int(let number) = value { return number }
    if case .double(let number) = value, let whole = Int(exactly: number) { return whole }
    throw wrongType(name, "an integer")
  }

  func bool(_ name: String) throws -> Bool? {
    guard let value = present(name) else { return nil }
    guard case .bool(let flag) = value else { throw wrongType(name, "true or false") }
    return flag
  }

  func strings(_ name: String) throws -> [String] {
    guard let value = present(name) else { return [] }
    guard case .array(let items) = value else { throw wrongType(name, "an array of strings") }
    return try items.map { item in
      guard case .string(let text) = item else { throw wrongType(name, "an array of strings") }
      return Self.literal(text)
    }
  }

  func stringMap(_ name: String) throws -> [String: String] {
    guard let value = present(name) else { return [:] }
    guard case .object(let members) = value else { throw wrongType(name, "an object of strings") }
    return try members.mapValues { member in
      guard case .string(let text) = member else { throw wrongType(name, "an object of strings") }
      return Self.literal(text)
    }
  }

  /// A limit on a list: `fallback` when absent, 1 to `maximum` otherwise.
  func limit(fallback: Int, maximum: Int) throws -> Int {
    guard let limit = try int("limit") else { return fallback }
    guard (1...maximum).contains(limit) else {
      throw JitError.invalidArgument(
        "\(tool): limit \(limit) is not from 1 to \(maximum)",
        details: [
          "argument": "limit", "input": .int(Int64(limit)), "minimum": 1, "maximum": .int(Int64(maximum)),
        ])
    }
    return limit
  }

  /// A string as the client sent it: without the mark `LiteralStringTransport` put on one that
  /// starts with `data:`.
  static func literal(_ text: String) -> String {
    text.hasPrefix(LiteralStringTransport.marker + "data:")
      ? String(text.dropFirst(LiteralStringTransport.marker.count)) : text
  }

  private func present(_ name: String) -> Value? {
    guard let value = values[name], !value.isNull else { return nil }
    return value
  }

  private func missing(_ name: String) -> JitError {
    JitError.invalidArgument(
      "\(tool) needs the argument '\(name)'", details: ["argument": .string(name), "tool": .string(tool)])
  }

  private func wrongType(_ name: String, _ expected: String) -> JitError {
    JitError.invalidArgument(
      "\(tool): '\(name)' must be \(expected)",
      details: ["argument": .string(name), "tool": .string(tool), "expected": .string(expected)])
  }
}

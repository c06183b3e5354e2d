import JitCore

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Prints results and errors: JSON for `--json`, words for people.
public struct Renderer: Sendable {
  public let output: any TextOutput
  public let json: Bool

  public init(output: any TextOutput, json: Bool) {
    self.output = output
    self.json = json
  }

  /// Prints a result: `value` as JSON with `--json`, else the text `human` makes.
  func emit<T: Encodable>(_ value: T, human: () -> String) throws {
    if json {
      output.standardOutput(try Self.encode(value) + "\n")
    } else {
      let text = human()
      if !text.isEmpty { output.standardOutput(text.hasSuffix("\n") ? text : text + "\n") }
    }
  }

  /// Prints an error: the envelope on stdout with `--json`, and always one line on stderr.
  public func error(_ error: JitError) {
    if json {
      let envelope = ErrorEnvelope(
        error: .init(code: error.code.rawValue, message: error.message, details: error.details))
      if let text = try? Self.encode(envelope) { output.standardOutput(text + "\n") }
    }
    output.standardError("jit: error: \(error.message)\n")
  }

  /// Pretty, key-sorted JSON: the contract agents read.
  static func encode<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(
      decoding: JSONCoding.compactingEmptyContainers([UInt8](try encoder.encode(value))), as: UTF8.self)
  }
}

/// `{"error": {"code": ..., "message": ..., "details": {...}}}`
struct ErrorEnvelope: Encodable {
  struct Body: Encodable {
    var code: String
    var message: String
    var details: [String: JSONValue]
  }
  var error: Body
}

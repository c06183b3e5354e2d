import FoundationEssentials
import JitCore

/// The one encoder configuration of jit's JSON output: keys sorted, slashes left unescaped, and
/// documents pretty-printed with `{}` and `[]` for empty containers.
///
/// Every `--json` answer (and later every HTTP and MCP answer) is written through here. The files
/// under `.jit/` are written by `JSONCoding` in JitCore: the same options today, kept apart on
/// purpose, since the on-disk format and the wire may change for different reasons. The fast
/// paths that write wire bytes without an encoder (`IssueJSON`, `GraphTreeJSON`) are held to this
/// configuration by tests.
public enum WireEncoder {
  /// The options every answer is written with; documents add `.prettyPrinted`.
  public static var formatting: JSONEncoder.OutputFormatting { [.sortedKeys, .withoutEscapingSlashes] }

  /// A value as a pretty-printed JSON document, without a trailing newline.
  public static func document<T: Encodable>(_ value: T) throws -> String {
    String(decoding: try documentBytes(value), as: UTF8.self)
  }

  /// A value as the UTF-8 bytes of a pretty-printed JSON document, without a trailing newline.
  public static func documentBytes<T: Encodable>(_ value: T) throws -> [UInt8] {
    let encoder = JSONEncoder()
    encoder.outputFormatting = formatting.union(.prettyPrinted)
    return JSONCoding.compactingEmptyContainers([UInt8](try encoder.encode(value)))
  }

  /// A value on one line, for JSON lines (`events --json`), without a trailing newline.
  public static func line<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = formatting
    return String(decoding: try encoder.encode(value), as: UTF8.self)
  }
}

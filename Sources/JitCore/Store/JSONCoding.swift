import FoundationEssentials

/// The encoders and decoders jit uses for its files, so that every file is written the same way:
/// pretty-printed with sorted keys, which keeps git diffs small and stable.
public enum JSONCoding {
  /// For files under `.jit/`: pretty, sorted, with a trailing newline added by `encodeFile`.
  public static func fileEncoder() -> JSONEncoder {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return encoder
  }

  /// For one-line records such as event lines.
  public static func lineEncoder() -> JSONEncoder {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return encoder
  }

  /// Encodes a value as the content of a `.jit` file.
  public static func encodeFile<T: Encodable>(_ value: T) throws -> [UInt8] {
    var bytes = compactingEmptyContainers([UInt8](try fileEncoder().encode(value)))
    bytes.append(10)
    return bytes
  }

  /// Pretty-printed JSON with `{}` and `[]` for empty containers, where the encoder writes an
  /// opening bracket, a blank line and an indented closing one. A raw newline never occurs inside
  /// a JSON string, so the rewrite cannot touch data.
  public static func compactingEmptyContainers(_ bytes: [UInt8]) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var index = 0
    while index < bytes.count {
      let byte = bytes[index]
      out.append(byte)
      index += 1
      guard byte == UInt8(ascii: "{") || byte == UInt8(ascii: "["),
        index + 1 < bytes.count, bytes[index] == 10, bytes[index + 1] == 10
      else { continue }
      var cursor = index + 2
      while cursor < bytes.count, bytes[cursor] == 32 { cursor += 1 }
      let closing = byte == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
      if cursor < bytes.count, bytes[cursor] == closing {
        out.append(closing)
        index = cursor + 1
      }
    }
    return out
  }

  /// Decodes a `.jit` file, turning any decoding failure into `CORRUPT_FILE` with a readable reason.
  public static func decodeFile<T: Decodable>(_ type: T.Type, _ bytes: [UInt8], path: String) throws -> T {
    do {
      return try JSONDecoder().decode(type, from: Data(bytes))
    } catch {
      if let line = conflictMarkerLine(bytes) {
        throw JitError.corruptFile(
          path, "it holds git conflict markers (line \(line)): a merge left it unresolved")
      }
      if let error = error as? DecodingError { throw JitError.corruptFile(path, describe(error)) }
      throw JitError.corruptFile(path, "\(error)")
    }
  }

  /// The 1-based line of the first git conflict marker (`<<<<<<< `, `=======`, `>>>>>>> ` at the
  /// start of a line), if the bytes hold one: the usual reason a committed file stops parsing.
  public static func conflictMarkerLine(_ bytes: [UInt8]) -> Int? {
    var line = 1
    var start = true
    for index in bytes.indices {
      if start, index + 7 <= bytes.count {
        let head = bytes[index]
        if head == UInt8(ascii: "<") || head == UInt8(ascii: "=") || head == UInt8(ascii: ">"),
          bytes[index..<index + 7].allSatisfy({ $0 == head })
        {
          let next = index + 7 < bytes.count ? bytes[index + 7] : 10
          if next == 32 || next == 10 || next == 13 { return line }
        }
      }
      start = bytes[index] == 10
      if start { line += 1 }
    }
    return nil
  }

  /// A one-sentence account of a decoding error, naming the field.
  public static func describe(_ error: DecodingError) -> String {
    func at(_ path: [any CodingKey]) -> String {
      path.isEmpty
        ? ""
        : " at '" + path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".") + "'"
    }
    switch error {
    case .dataCorrupted(let context):
      let underlying = context.underlyingError.map { " (\($0))" } ?? ""
      return "\(context.debugDescription)\(at(context.codingPath))\(underlying)"
    case .keyNotFound(let key, let context):
      return "missing field '\(key.stringValue)'\(at(context.codingPath))"
    case .typeMismatch(let type, let context):
      return "expected \(type)\(at(context.codingPath))"
    case .valueNotFound(let type, let context):
      return "missing \(type)\(at(context.codingPath))"
    @unknown default:
      return "\(error)"
    }
  }
}

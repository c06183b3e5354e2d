import FoundationEssentials
import JitCore
import JitWire
import Synchronization

/// How `--json` answers are shaped, as gh users expect: `--fields a,b,c` keeps those keys of the
/// answer (of each element, when it is an array), `--compact` prints each document on one line,
/// and `--jsonl` prints an array one element per line (JSON lines). Any of them implies `--json`.
/// Error envelopes keep every key.
public struct JSONShape: Sendable, Hashable {
  public var fields: [String]?
  public var compact = false
  public var lines = false

  public init(fields: [String]? = nil, compact: Bool = false, lines: Bool = false) {
    self.fields = fields
    self.compact = compact
    self.lines = lines
  }

  /// Whether the answer is printed as the commands write it.
  public var isPlain: Bool { fields == nil && !compact && !lines }

  /// `--fields a,b,c`: `INVALID_ARGUMENT` for an empty list or a name that is not a JSON key jit writes
  /// (lower-case letters, digits and `_`).
  public static func fields(_ text: String) throws -> [String] {
    let names = text.split(separator: ",", omittingEmptySubsequences: false).map {
      String($0).filter { $0 != " " }
    }
    let valid = names.allSatisfy { name in
      !name.isEmpty && name.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 95 }
    }
    guard valid else {
      throw JitError.invalidArgument(
        "--fields '\(text)' is not a list of keys: write them with commas, such as --fields id,title,state",
        details: ["input": .string(text), "option": "--fields"])
    }
    return names
  }

  /// One document (or one JSON line) as this shape prints it, with its trailing newline; nil when
  /// the text is not JSON (it is then printed as it is).
  func reshape(_ text: String) -> String? {
    guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) else { return nil }
    var shaped = value
    let isError: Bool
    if case .object(let members) = value, members["error"] != nil { isError = true } else { isError = false }
    if let fields, !isError { shaped = Self.keeping(fields, in: value) }
    do {
      if lines, case .array(let elements) = shaped {
        return try elements.map { try WireEncoder.line($0) + "\n" }.joined()
      }
      return (compact || lines ? try WireEncoder.line(shaped) : try WireEncoder.document(shaped)) + "\n"
    } catch {
      return nil
    }
  }

  static func keeping(_ fields: [String], in value: JSONValue) -> JSONValue {
    switch value {
    case .object(let members): return .object(members.filter { fields.contains($0.key) })
    case .array(let elements): return .array(elements.map { keeping(fields, in: $0) })
    default: return value
    }
  }
}

/// Standard output reshaped by a `JSONShape`: a JSON line written on its own (an event of
/// `events tail --follow`) is reshaped and passed on at once; anything else is kept until
/// `finish`, which reshapes it as one document. Standard error passes straight through.
final class ShapedOutput: TextOutput {
  let base: any TextOutput
  let shape: JSONShape
  private let pending = Mutex<String>("")

  init(_ base: any TextOutput, shape: JSONShape) {
    self.base = base
    self.shape = shape
  }

  var atTerminal: Bool { base.atTerminal }

  var standardOutputIsTerminal: Bool { base.standardOutputIsTerminal }

  func standardError(_ text: String) { base.standardError(text) }

  func standardOutput(_ text: String) {
    let line: String? = pending.withLock { buffer in
      if buffer.isEmpty, text.hasPrefix("{"), text.hasSuffix("}\n"), !text.dropLast().contains("\n") {
        return text
      }
      buffer += text
      return nil
    }
    if let line { base.standardOutput(shape.reshape(line) ?? line) }
  }

  /// Prints what was kept, reshaped.
  func finish() {
    let text = pending.withLock { buffer in
      defer { buffer = "" }
      return buffer
    }
    guard !text.isEmpty else { return }
    base.standardOutput(shape.reshape(text) ?? text)
  }
}

import FoundationEssentials

/// The JSON of issues in answers that list many of them, assembled from pieces so that a store can
/// keep each issue's piece ready-made and stream an answer without decoding or encoding issues.
///
/// The bytes are exactly what `JSONEncoder` (pretty-printed, sorted keys, unescaped slashes, empty
/// containers compacted by `JSONCoding.compactingEmptyContainers`) writes for an array of issue views: every stored field, `short_id`, and for blocked issues `blocked` and
/// `blocked_by`. Tests hold the two to byte equality.
public struct IssueJSON {
  private let encoder: JSONEncoder

  public init() {
    encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
  }

  /// One issue (stored fields and `short_id`) as an element of a pretty-printed array: every line
  /// indented two spaces, no trailing comma or newline.
  public func element(_ issue: Issue) throws -> [UInt8] {
    try IssueElementWriter.element(issue) ?? encodedElement(issue)
  }

  /// The same, always through the encoder.
  func encodedElement(_ issue: Issue) throws -> [UInt8] {
    let object = JSONCoding.compactingEmptyContainers([UInt8](try encoder.encode(ElementView(issue: issue))))
    var bytes: [UInt8] = [32, 32]
    bytes.reserveCapacity(object.count + object.count / 16)
    var previous: UInt8 = 0
    for byte in object {
      // A blank line (inside an empty array or object) stays blank.
      if previous == 10 && byte != 10 { bytes.append(contentsOf: [32, 32]) }
      bytes.append(byte)
      previous = byte
    }
    return bytes
  }

  /// One issue as an element, with a fresh encoder.
  public static func element(_ issue: Issue) throws -> [UInt8] { try IssueJSON().element(issue) }

  /// Appends an element to `output`, adding `"blocked": true` and `"blocked_by"` when the row has
  /// reasons. The keys are spliced in where sorted order puts them: after `assignee`.
  public static func append(_ row: QueryRow, to output: inout [UInt8]) {
    let element = row.json
    let fields = row.blockedFields ?? row.reasons.map(blockedFields)
    guard let fields, let cut = contextKeyLine(in: element) else {
      output.append(contentsOf: element)
      return
    }
    output.append(contentsOf: element[..<cut])
    output.append(contentsOf: fields)
    output.append(contentsOf: element[cut...])
  }

  /// The lines `"blocked" : true,` and `"blocked_by" : {...},` of an element, ready to splice.
  public static func blockedFields(_ reasons: BlockingReasons) -> [UInt8] {
    var output = Array("    \"blocked\" : true,\n    \"blocked_by\" : ".utf8)
    appendReasons(reasons, to: &output)
    output.append(contentsOf: [44, 10])
    return output
  }

  /// A whole answer: the elements as a pretty-printed JSON array (no trailing newline).
  public static func array(_ rows: [QueryRow]) -> [UInt8] {
    var writer = ArrayWriter(chunk: Int.max)
    var output: [UInt8] = []
    for row in rows { writer.add(row) { output.append(contentsOf: $0) } }
    writer.finish { output.append(contentsOf: $0) }
    return output
  }

  /// Writes an answer as rows arrive, in pieces of about `chunk` bytes, so that a large answer is
  /// never held in memory at once.
  public struct ArrayWriter {
    private var buffer: [UInt8] = []
    private var count = 0
    private let chunk: Int

    public init(chunk: Int = 1 << 20) {
      self.chunk = chunk
      buffer.reserveCapacity(min(chunk, 1 << 20) + 8192)
    }

    public mutating func add(_ row: QueryRow, to sink: ([UInt8]) -> Void) {
      buffer.append(contentsOf: count == 0 ? [91, 10] : [44, 10])
      count += 1
      IssueJSON.append(row, to: &buffer)
      if buffer.count >= chunk {
        sink(buffer)
        buffer.removeAll(keepingCapacity: true)
      }
    }

    /// Closes the array (`[]` when there were no rows) and writes what is left.
    public mutating func finish(to sink: ([UInt8]) -> Void) {
      if count == 0 { buffer.append(contentsOf: [91, 93]) } else { buffer.append(contentsOf: [10, 93]) }
      sink(buffer)
      buffer.removeAll()
    }
  }

  /// Where the first top-level key that sorts after `blocked_by` starts (`context` for the fields
  /// jit writes, but a stored field from a newer jit may come first). Top-level keys are the lines
  /// indented four spaces; string values never hold a raw newline, so a match is a key.
  private static func contextKeyLine(in element: [UInt8]) -> Int? {
    let blockedBy = Array("blocked_by".utf8)
    var index = 0
    while index + 6 < element.count {
      // "\n" then exactly four spaces then a quote: a key of the element's own object.
      if element[index] == 10 && element[index + 1] == 32 && element[index + 2] == 32
        && element[index + 3] == 32 && element[index + 4] == 32 && element[index + 5] == 34
      {
        let start = index + 6
        var end = start
        while end < element.count && element[end] != 34 { end += 1 }
        if element[start..<end].lexicographicallyPrecedes(blockedBy) == false,
          !element[start..<end].elementsEqual(blockedBy)
        {
          return index + 1
        }
        index = end
        continue
      }
      index += 1
    }
    return nil
  }

  /// `BlockingReasons` as JSONEncoder pretty-prints it at the depth of an element's field.
  private static func appendReasons(_ reasons: BlockingReasons, to output: inout [UInt8]) {
    func add(_ text: StaticString) {
      text.withUTF8Buffer { output.append(contentsOf: $0) }
    }
    add("{\n      \"dependencies\" : [")
    if reasons.dependencies.isEmpty {
      add("],\n")
    } else {
      add("\n")
      for (index, blocker) in reasons.dependencies.enumerated() {
        add("        {\n          \"id\" : ")
        appendQuoted(blocker.id.rawValue, to: &output)
        add(",\n          \"state\" : ")
        appendQuoted(blocker.state, to: &output)
        if let title = blocker.title {
          add(",\n          \"title\" : ")
          appendQuoted(title, to: &output)
        }
        if index == reasons.dependencies.count - 1 { add("\n        }\n") } else { add("\n        },\n") }
      }
      add("      ],\n")
    }
    if !reasons.external.isEmpty {
      add("      \"external\" : [\n")
      for (index, status) in reasons.external.enumerated() {
        add("        {\n          \"alias\" : ")
        appendQuoted(status.alias, to: &output)
        add(",\n          \"id\" : ")
        appendQuoted(status.id.rawValue, to: &output)
        if let reason = status.reason {
          add(",\n          \"reason\" : ")
          appendQuoted(reason, to: &output)
        }
        add(",\n          \"state\" : ")
        appendQuoted(status.state, to: &output)
        add(",\n          \"title\" : ")
        if let title = status.title { appendQuoted(title, to: &output) } else { add("null") }
        if index == reasons.external.count - 1 { add("\n        }\n") } else { add("\n        },\n") }
      }
      add("      ],\n")
    }
    add("      \"gates\" : [")
    if reasons.gates.isEmpty {
      add("]")
    } else {
      add("\n")
      for (index, gate) in reasons.gates.enumerated() {
        add("        {\n          \"key\" : ")
        appendQuoted(gate.key, to: &output)
        add(",\n")
        if let stage = gate.stage {
          add("          \"stage\" : ")
          appendQuoted(stage.rawValue, to: &output)
          add(",\n")
        }
        add("          \"status\" : ")
        appendQuoted(gate.status.rawValue, to: &output)
        if index == reasons.gates.count - 1 { add("\n        }\n") } else { add("\n        },\n") }
      }
      add("      ]")
    }
    if let hold = reasons.hold {
      add(",\n      \"hold\" : {\n        \"at\" : ")
      appendQuoted(hold.at.description, to: &output)
      add(",\n        \"by\" : ")
      appendQuoted(hold.by.description, to: &output)
      add(",\n        \"reason\" : ")
      appendQuoted(hold.reason, to: &output)
      add("\n      }")
    }
    add("\n    }")
  }

  /// A JSON string literal, escaped as `JSONEncoder` escapes it (slashes left alone).
  public static func quoted(_ text: String) -> String {
    var bytes: [UInt8] = []
    appendQuoted(text, to: &bytes)
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Appends a JSON string literal: `"`, `\\` and control characters escaped, everything else
  /// (including non-ASCII UTF-8) as it is.
  public static func appendQuoted(_ text: String, to output: inout [UInt8]) {
    output.append(34)
    var text = text
    text.withUTF8 { bytes in
      var start = 0
      for index in 0..<bytes.count {
        let byte = bytes[index]
        guard byte < 0x20 || byte == 34 || byte == 92 else { continue }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
        start = index + 1
        switch byte {
        case 34: output.append(contentsOf: [92, 34])
        case 92: output.append(contentsOf: [92, 92])
        case 10: output.append(contentsOf: [92, 110])
        case 13: output.append(contentsOf: [92, 114])
        case 9: output.append(contentsOf: [92, 116])
        case 8: output.append(contentsOf: [92, 98])
        case 12: output.append(contentsOf: [92, 102])
        default:
          let hex: [UInt8] = Array("0123456789abcdef".utf8)
          output.append(contentsOf: [92, 117, 48, 48, hex[Int(byte >> 4)], hex[Int(byte & 15)]])
        }
      }
      output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<bytes.count]))
    }
    output.append(34)
  }
}

/// The stored fields plus `short_id`: the element every answer starts from.
private struct ElementView: Encodable {
  var issue: Issue

  enum CodingKeys: String, CodingKey {
    case shortID = "short_id"
  }

  func encode(to encoder: any Encoder) throws {
    try issue.encode(to: encoder)
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(issue.id.short, forKey: .shortID)
  }
}

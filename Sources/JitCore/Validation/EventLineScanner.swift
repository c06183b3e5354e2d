/// A fast, strict check that one line of `events.jsonl` is a valid event, so that validating a
/// long log does not cost one `JSONDecoder` call per line.
///
/// It answers `true` only for plain, strict JSON that `Event` decodes: an object whose `ts` is a
/// timestamp, `event` a string, `event_id` a string, `id` an issue id and `by` an actor (the last
/// three may be absent or null), and whose other values are ordinary JSON. Anything it is not sure
/// of (non-ASCII bytes, escapes in those five fields, exponents, long numbers, duplicate keys, deep
/// nesting) answers `false`, and the caller decodes the line to learn whether and why it is wrong.
struct EventLineScanner {
  private let bytes: UnsafeBufferPointer<UInt8>
  private var index = 0

  private init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

  /// Whether the line is certainly a valid event.
  static func isCertainlyValid(_ line: ArraySlice<UInt8>) -> Bool {
    line.withUnsafeBufferPointer { buffer in
      var scanner = EventLineScanner(buffer)
      return scanner.scanEvent()
    }
  }

  private enum Field {
    case absent, null
    case string(Range<Int>)
  }

  private mutating func scanEvent() -> Bool {
    // ts, event, event_id, id, by (event_id may be any string or null: only its presence is read)
    var fields: [Field] = [.absent, .absent, .absent, .absent, .absent]
    skipSpace()
    guard take(UInt8(ascii: "{")) else { return false }
    skipSpace()
    var seen: [Slice<UnsafeBufferPointer<UInt8>>] = []
    if !take(UInt8(ascii: "}")) {
      while true {
        guard let key = scanString(allowEscapes: false) else { return false }
        let name = bytes[key]
        if seen.contains(where: { $0.elementsEqual(name) }) { return false }
        seen.append(name)
        skipSpace()
        guard take(UInt8(ascii: ":")) else { return false }
        skipSpace()
        if let slot = Self.slot(name) {
          if takeLiteral("null") {
            fields[slot] = .null
          } else if let value = scanString(allowEscapes: false) {
            fields[slot] = .string(value)
          } else {
            return false
          }
        } else if !skipValue(depth: 0) {
          return false
        }
        skipSpace()
        if take(UInt8(ascii: ",")) {
          skipSpace()
          continue
        }
        guard take(UInt8(ascii: "}")) else { return false }
        break
      }
    }
    skipSpace()
    guard index == bytes.count else { return false }
    return check(fields)
  }

  private func check(_ fields: [Field]) -> Bool {
    guard case .string(let ts) = fields[0], Timestamp(iso8601: text(ts)) != nil,
      case .string = fields[1]
    else { return false }
    if case .string(let id) = fields[3], IssueID(text(id)) == nil { return false }
    if case .string(let by) = fields[4], Actor(text(by)) == nil { return false }
    return true
  }

  private static func slot(_ name: Slice<UnsafeBufferPointer<UInt8>>) -> Int? {
    switch name.count {
    case 2:
      if name.elementsEqual("ts".utf8) { return 0 }
      if name.elementsEqual("id".utf8) { return 3 }
      if name.elementsEqual("by".utf8) { return 4 }
      return nil
    case 5: return name.elementsEqual("event".utf8) ? 1 : nil
    case 8: return name.elementsEqual("event_id".utf8) ? 2 : nil
    default: return nil
    }
  }

  private func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }

  private mutating func skipSpace() {
    while index < bytes.count {
      let byte = bytes[index]
      guard byte == 32 || byte == 9 || byte == 10 || byte == 13 else { return }
      index += 1
    }
  }

  private mutating func take(_ byte: UInt8) -> Bool {
    guard index < bytes.count, bytes[index] == byte else { return false }
    index += 1
    return true
  }

  private mutating func takeLiteral(_ literal: StaticString) -> Bool {
    let count = literal.utf8CodeUnitCount
    guard index + count <= bytes.count else { return false }
    for offset in 0..<count where bytes[index + offset] != literal.utf8Start[offset] { return false }
    index += count
    return true
  }

  /// A string (after its opening quote is at `index`); the range of its content.
  private mutating func scanString(allowEscapes: Bool) -> Range<Int>? {
    guard take(UInt8(ascii: "\"")) else { return nil }
    let start = index
    while index < bytes.count {
      let byte = bytes[index]
      if byte == UInt8(ascii: "\"") {
        index += 1
        return start..<(index - 1)
      }
      if byte < 0x20 || byte >= 0x80 { return nil }
      if byte == UInt8(ascii: "\\") {
        guard allowEscapes, index + 1 < bytes.count else { return nil }
        let escaped = bytes[index + 1]
        switch escaped {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
          UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
          index += 2
        case UInt8(ascii: "u"):
          guard index + 6 <= bytes.count else { return nil }
          var value: UInt32 = 0
          for offset in 2..<6 {
            guard let digit = Self.hex(bytes[index + offset]) else { return nil }
            value = value * 16 + digit
          }
          if value >= 0xD800 && value <= 0xDFFF { return nil }  // surrogates: let the decoder judge
          index += 6
        default:
          return nil
        }
        continue
      }
      index += 1
    }
    return nil
  }

  private static func hex(_ byte: UInt8) -> UInt32? {
    switch byte {
    case 48...57: return UInt32(byte - 48)
    case 65...70: return UInt32(byte - 55)
    case 97...102: return UInt32(byte - 87)
    default: return nil
    }
  }

  private mutating func skipValue(depth: Int) -> Bool {
    guard depth < 32, index < bytes.count else { return false }
    switch bytes[index] {
    case UInt8(ascii: "\""): return scanString(allowEscapes: true) != nil
    case UInt8(ascii: "t"): return takeLiteral("true")
    case UInt8(ascii: "f"): return takeLiteral("false")
    case UInt8(ascii: "n"): return takeLiteral("null")
    case UInt8(ascii: "["):
      index += 1
      skipSpace()
      if take(UInt8(ascii: "]")) { return true }
      while true {
        guard skipValue(depth: depth + 1) else { return false }
        skipSpace()
        if take(UInt8(ascii: "]")) { return true }
        guard take(UInt8(ascii: ",")) else { return false }
        skipSpace()
      }
    case UInt8(ascii: "{"):
      index += 1
      skipSpace()
      if take(UInt8(ascii: "}")) { return true }
      while true {
        guard scanString(allowEscapes: true) != nil else { return false }
        skipSpace()
        guard take(UInt8(ascii: ":")) else { return false }
        skipSpace()
        guard skipValue(depth: depth + 1) else { return false }
        skipSpace()
        if take(UInt8(ascii: "}")) { return true }
        guard take(UInt8(ascii: ",")) else { return false }
        skipSpace()
      }
    default:
      return skipNumber()
    }
  }

  /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?` with at most 15 digits: exactly representable, no exponent.
  private mutating func skipNumber() -> Bool {
    _ = take(UInt8(ascii: "-"))
    var digits = 0
    func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }
    guard index < bytes.count, isDigit(bytes[index]) else { return false }
    if bytes[index] == 48 {
      index += 1
      digits = 1
      if index < bytes.count, isDigit(bytes[index]) { return false }
    } else {
      while index < bytes.count, isDigit(bytes[index]) {
        index += 1
        digits += 1
      }
    }
    if take(UInt8(ascii: ".")) {
      guard index < bytes.count, isDigit(bytes[index]) else { return false }
      while index < bytes.count, isDigit(bytes[index]) {
        index += 1
        digits += 1
      }
    }
    if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
      return false
    }
    return digits <= 15
  }
}

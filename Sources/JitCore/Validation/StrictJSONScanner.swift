/// A strict JSON reader over bytes, for the fast paths of validation. Every method answers nil (or
/// false) both for what is invalid and for what it is not sure of; callers then fall back to
/// `JSONDecoder`, which gives the exact reason. So it may be stricter than `JSONDecoder`, never
/// more lenient.
struct StrictJSONScanner {
  let bytes: UnsafeBufferPointer<UInt8>
  var index = 0

  init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

  var atEnd: Bool { index == bytes.count }

  mutating func skipSpace() {
    while index < bytes.count {
      let byte = bytes[index]
      guard byte == 32 || byte == 9 || byte == 10 || byte == 13 else { return }
      index += 1
    }
  }

  /// Consumes `byte` if it is next.
  mutating func take(_ byte: UInt8) -> Bool {
    guard index < bytes.count, bytes[index] == byte else { return false }
    index += 1
    return true
  }

  /// Consumes `literal` if it is next.
  mutating func takeLiteral(_ literal: StaticString) -> Bool {
    let count = literal.utf8CodeUnitCount
    guard index + count <= bytes.count else { return false }
    for offset in 0..<count where bytes[index + offset] != literal.utf8Start[offset] { return false }
    index += count
    return true
  }

  /// Whether the next value is `null` (consumed if so).
  mutating func takeNull() -> Bool { takeLiteral("null") }

  /// A string of printable ASCII without escapes: the range of its content. Nil otherwise.
  mutating func plainString() -> Range<Int>? {
    guard take(UInt8(ascii: "\"")) else { return nil }
    let start = index
    while index < bytes.count {
      let byte = bytes[index]
      if byte == UInt8(ascii: "\"") {
        index += 1
        return start..<(index - 1)
      }
      if byte < 0x20 || byte >= 0x80 || byte == UInt8(ascii: "\\") { return nil }
      index += 1
    }
    return nil
  }

  /// The text of a plain string (see `plainString`).
  mutating func plainText() -> String? {
    plainString().map { String(decoding: bytes[$0], as: UTF8.self) }
  }

  /// Any string, unescaped, with its UTF-8 validated. Nil for invalid strings and lone surrogates.
  mutating func string() -> String? {
    guard take(UInt8(ascii: "\"")) else { return nil }
    var start = index
    var decoded: [UInt8] = []
    var escaped = false
    var ascii = true
    while index < bytes.count {
      let byte = bytes[index]
      if byte == UInt8(ascii: "\"") {
        let tail = bytes[start..<index]
        index += 1
        if !escaped && ascii { return String(decoding: tail, as: UTF8.self) }
        decoded.append(contentsOf: tail)
        return String(validating: decoded, as: UTF8.self)
      }
      if byte < 0x20 { return nil }
      if byte >= 0x80 { ascii = false }
      if byte != UInt8(ascii: "\\") {
        index += 1
        continue
      }
      escaped = true
      decoded.append(contentsOf: bytes[start..<index])
      guard index + 1 < bytes.count else { return nil }
      let code = bytes[index + 1]
      index += 2
      switch code {
      case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded.append(code)
      case UInt8(ascii: "b"): decoded.append(8)
      case UInt8(ascii: "f"): decoded.append(12)
      case UInt8(ascii: "n"): decoded.append(10)
      case UInt8(ascii: "r"): decoded.append(13)
      case UInt8(ascii: "t"): decoded.append(9)
      case UInt8(ascii: "u"):
        guard var scalar = hex4() else { return nil }
        if scalar >= 0xD800 && scalar <= 0xDBFF {
          guard take(UInt8(ascii: "\\")), take(UInt8(ascii: "u")), let low = hex4(), low >= 0xDC00,
            low <= 0xDFFF
          else { return nil }
          scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        } else if scalar >= 0xDC00 && scalar <= 0xDFFF {
          return nil
        }
        guard let unicode = Unicode.Scalar(scalar) else { return nil }
        decoded.append(contentsOf: String(Character(unicode)).utf8)
      default:
        return nil
      }
      start = index
    }
    return nil
  }

  private mutating func hex4() -> UInt32? {
    guard index + 4 <= bytes.count else { return nil }
    var value: UInt32 = 0
    for offset in 0..<4 {
      let byte = bytes[index + offset]
      let digit: UInt32
      switch byte {
      case 48...57: digit = UInt32(byte - 48)
      case 65...70: digit = UInt32(byte - 55)
      case 97...102: digit = UInt32(byte - 87)
      default: return nil
      }
      value = value * 16 + digit
    }
    index += 4
    return value
  }

  /// Reads an object's members: `member` is called after each key and its colon, and must
  /// consume the value (answering false to give up). Duplicate keys give up.
  mutating func object(_ member: (inout StrictJSONScanner, String) -> Bool) -> Bool {
    guard take(UInt8(ascii: "{")) else { return false }
    skipSpace()
    if take(UInt8(ascii: "}")) { return true }
    var keys: [String] = []  // objects here have a handful of keys: a scan beats hashing
    while true {
      guard let key = string(), !keys.contains(key) else { return false }
      keys.append(key)
      skipSpace()
      guard take(UInt8(ascii: ":")) else { return false }
      skipSpace()
      guard member(&self, key) else { return false }
      skipSpace()
      if take(UInt8(ascii: "}")) { return true }
      guard take(UInt8(ascii: ",")) else { return false }
      skipSpace()
    }
  }

  /// Reads an array's elements: `element` must consume each value.
  mutating func array(_ element: (inout StrictJSONScanner) -> Bool) -> Bool {
    guard take(UInt8(ascii: "[")) else { return false }
    skipSpace()
    if take(UInt8(ascii: "]")) { return true }
    while true {
      guard element(&self) else { return false }
      skipSpace()
      if take(UInt8(ascii: "]")) { return true }
      guard take(UInt8(ascii: ",")) else { return false }
      skipSpace()
    }
  }

  /// Reads `null` (leaving `list` as it is) or an array of plain strings, each parsed by `parse`
  /// and appended to `list`; false when one does not parse.
  mutating func plainTextArray<T>(_ parse: (String) -> T?, into list: inout [T]) -> Bool {
    if takeNull() { return true }
    return array { scanner in
      guard let value = scanner.plainText().flatMap(parse) else { return false }
      list.append(value)
      return true
    }
  }

  /// An integer written plainly (no fraction, no exponent, at most 18 digits).
  mutating func integer() -> Int64? {
    let negative = take(UInt8(ascii: "-"))
    var value: Int64 = 0
    var digits = 0
    while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
      if digits == 1 && value == 0 { return nil }  // a leading zero
      value = value * 10 + Int64(bytes[index] - 48)
      digits += 1
      index += 1
      if digits > 18 { return nil }
    }
    guard digits > 0 else { return nil }
    if index < bytes.count, [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[index]) {
      return nil
    }
    return negative ? -value : value
  }

  /// Skips any value that `JSONValue` would decode (numbers: at most 15 digits, no exponent).
  mutating func skipValue(depth: Int = 0) -> Bool {
    guard depth < 32, index < bytes.count else { return false }
    switch bytes[index] {
    case UInt8(ascii: "\""): return string() != nil
    case UInt8(ascii: "t"): return takeLiteral("true")
    case UInt8(ascii: "f"): return takeLiteral("false")
    case UInt8(ascii: "n"): return takeLiteral("null")
    case UInt8(ascii: "["): return array { $0.skipValue(depth: depth + 1) }
    case UInt8(ascii: "{"): return object { scanner, _ in scanner.skipValue(depth: depth + 1) }
    default: return skipNumber()
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

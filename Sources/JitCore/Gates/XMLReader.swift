/// An element of an XML document: its name, attributes, child elements and text.
public struct XMLNode: Sendable, Hashable {
  /// The name as written, with any namespace prefix (`ns:testsuite`).
  public var name: String
  /// Attribute values, entities decoded.
  public var attributes: [String: String]
  /// Child elements in document order.
  public var children: [XMLNode]
  /// The element's own character data (text and CDATA), entities decoded.
  public var text: String

  public init(name: String, attributes: [String: String] = [:], children: [XMLNode] = [], text: String = "") {
    self.name = name
    self.attributes = attributes
    self.children = children
    self.text = text
  }

  /// The name without its namespace prefix.
  public var localName: String {
    guard let colon = name.lastIndex(of: ":") else { return name }
    return String(name[name.index(after: colon)...])
  }

  /// The direct children with a local name.
  public func children(named name: String) -> [XMLNode] { children.filter { $0.localName == name } }

  /// Every element below this one with a local name, in document order.
  public func descendants(named name: String) -> [XMLNode] {
    var found: [XMLNode] = []
    for child in children {
      if child.localName == name { found.append(child) }
      found += child.descendants(named: name)
    }
    return found
  }
}

/// Malformed XML, with the line it was found on.
public struct XMLSyntaxError: Error, Hashable, Sendable, CustomStringConvertible {
  /// What is wrong.
  public var message: String
  /// The 1-based line it was found on.
  public var line: Int
  public var description: String { "line \(line): \(message)" }
}

/// A small, strict, non-validating XML reader: elements, attributes, the predefined and numeric
/// entities, comments, CDATA sections, processing instructions and a skipped DOCTYPE. It resolves no
/// external entity and defines none, so it cannot be made to read files or expand without bound.
public struct XMLReader {
  private let bytes: [UInt8]
  private var index = 0
  private var line = 1

  /// The most nested elements accepted.
  public static let maximumDepth = 512

  /// Parses a whole document and returns its root element.
  public static func parse(_ bytes: [UInt8]) throws(XMLSyntaxError) -> XMLNode {
    var reader = XMLReader(bytes: bytes)
    return try reader.document()
  }

  private init(bytes: [UInt8]) {
    self.bytes = bytes
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
  }

  private mutating func document() throws(XMLSyntaxError) -> XMLNode {
    try misc(allowDoctype: true)
    guard peek("<") else {
      throw fail(index >= bytes.count ? "no root element" : "text before the root element")
    }
    let root = try element()
    try misc(allowDoctype: false)
    guard index >= bytes.count else { throw fail("content after the root element") }
    return root
  }

  /// Whitespace, comments, processing instructions (and one DOCTYPE) outside the root.
  private mutating func misc(allowDoctype: Bool) throws(XMLSyntaxError) {
    while true {
      skipWhitespace()
      if peek("<?") {
        try skip(past: "?>", what: "processing instruction")
      } else if peek("<!--") {
        try comment()
      } else if allowDoctype && peek("<!DOCTYPE") {
        try doctype()
      } else {
        return
      }
    }
  }

  private mutating func element() throws(XMLSyntaxError) -> XMLNode {
    var stack: [(node: XMLNode, text: [UInt8])] = []
    while true {
      // At a start tag.
      advance(1)
      var node = XMLNode(name: try name())
      while true {
        let hadSpace = skipWhitespace()
        if peek("/>") || peek(">") { break }
        guard hadSpace else { throw fail("expected whitespace, '>' or '/>' in <\(node.name)>") }
        let attribute = try name()
        skipWhitespace()
        guard peek("=") else { throw fail("attribute \(attribute) of <\(node.name)> has no value") }
        advance(1)
        skipWhitespace()
        guard node.attributes[attribute] == nil else { throw fail("attribute \(attribute) is repeated") }
        node.attributes[attribute] = try attributeValue()
      }
      if peek("/>") {
        advance(2)
        if stack.isEmpty { return node }
        stack[stack.count - 1].node.children.append(node)
      } else {
        advance(1)
        guard stack.count < Self.maximumDepth else { throw fail("elements nested too deeply") }
        stack.append((node, []))
      }
      // Content until the next start tag, or the end of the root.
      while true {
        guard index < bytes.count else { throw fail("<\(stack.last?.node.name ?? "")> is not closed") }
        if bytes[index] != 60 && bytes[index] != 38 {
          // Character data: everything up to the next '<' or '&' at once.
          let start = index
          while index < bytes.count && bytes[index] != 60 && bytes[index] != 38 {
            if bytes[index] == 10 { line += 1 }
            index += 1
          }
          stack[stack.count - 1].text += bytes[start..<index]
        } else if peek("</") {
          advance(2)
          let closing = try name()
          skipWhitespace()
          guard peek(">") else { throw fail("expected '>' after </\(closing)") }
          advance(1)
          guard let (open, text) = stack.popLast() else { throw fail("unexpected </\(closing)>") }
          guard open.name == closing else { throw fail("</\(closing)> closes <\(open.name)>") }
          var done = open
          done.text = String(decoding: text, as: UTF8.self)
          if stack.isEmpty { return done }
          stack[stack.count - 1].node.children.append(done)
        } else if peek("<!--") {
          try comment()
        } else if peek("<![CDATA[") {
          advance(9)
          let start = index
          try skip(past: "]]>", what: "CDATA section")
          stack[stack.count - 1].text += bytes[start..<(index - 3)]
        } else if peek("<?") {
          try skip(past: "?>", what: "processing instruction")
        } else if peek("<!") {
          throw fail("unexpected markup declaration in content")
        } else if peek("<") {
          break
        } else {
          stack[stack.count - 1].text += Array(try entity().utf8)
        }
      }
    }
  }

  private mutating func name() throws(XMLSyntaxError) -> String {
    let start = index
    while index < bytes.count {
      let byte = bytes[index]
      let isNameByte =
        (byte >= 97 && byte <= 122) || (byte >= 65 && byte <= 90) || byte == 95 || byte == 58 || byte >= 0x80
        || (index > start && ((byte >= 48 && byte <= 57) || byte == 45 || byte == 46))
      guard isNameByte else { break }
      index += 1
    }
    guard index > start else { throw fail("expected a name") }
    return String(decoding: bytes[start..<index], as: UTF8.self)
  }

  private mutating func attributeValue() throws(XMLSyntaxError) -> String {
    guard index < bytes.count, bytes[index] == 34 || bytes[index] == 39 else {
      throw fail("an attribute value must be quoted")
    }
    let quote = bytes[index]
    index += 1
    var value: [UInt8] = []
    while true {
      guard index < bytes.count else { throw fail("unterminated attribute value") }
      let byte = bytes[index]
      if byte == quote {
        index += 1
        return String(decoding: value, as: UTF8.self)
      }
      if byte == 60 { throw fail("'<' in an attribute value") }
      if byte == 38 {
        value += Array(try entity().utf8)
        continue
      }
      if byte == 10 { line += 1 }
      // Attribute-value normalisation: whitespace characters become spaces.
      value.append(byte == 9 || byte == 10 || byte == 13 ? 32 : byte)
      index += 1
    }
  }

  /// Decodes `&name;` or `&#N;` / `&#xH;` at the current position.
  private mutating func entity() throws(XMLSyntaxError) -> String {
    let start = index
    while index < bytes.count && bytes[index] != 59 && index - start < 12 { index += 1 }
    guard index < bytes.count, bytes[index] == 59 else { throw fail("unterminated entity reference") }
    let body = String(decoding: bytes[(start + 1)..<index], as: UTF8.self)
    index += 1
    switch body {
    case "lt": return "<"
    case "gt": return ">"
    case "amp": return "&"
    case "quot": return "\""
    case "apos": return "'"
    default:
      var value: UInt32?
      if body.hasPrefix("#x") {
        value = UInt32(body.dropFirst(2), radix: 16)
      } else if body.hasPrefix("#") {
        value = UInt32(body.dropFirst(1), radix: 10)
      }
      guard let value, value != 0, let scalar = Unicode.Scalar(value) else {
        throw fail("unknown entity &\(body);")
      }
      return String(Character(scalar))
    }
  }

  private mutating func comment() throws(XMLSyntaxError) {
    advance(4)
    try skip(past: "-->", what: "comment")
  }

  /// Skips `<!DOCTYPE ...>`, including an internal subset in brackets; its declarations are ignored.
  private mutating func doctype() throws(XMLSyntaxError) {
    advance(9)
    var depth = 0
    var quote: UInt8?
    while index < bytes.count {
      let byte = bytes[index]
      index += 1
      if byte == 10 { line += 1 }
      if let open = quote {
        if byte == open { quote = nil }
      } else if byte == 34 || byte == 39 {
        quote = byte
      } else if byte == 91 {
        depth += 1
      } else if byte == 93 {
        depth -= 1
      } else if byte == 62 && depth <= 0 {
        return
      }
    }
    throw fail("unterminated DOCTYPE")
  }

  private mutating func skip(past terminator: String, what: String) throws(XMLSyntaxError) {
    let pattern = Array(terminator.utf8)
    while index < bytes.count {
      if bytes[index] == pattern[0] && bytes[index...].starts(with: pattern) {
        index += pattern.count
        return
      }
      if bytes[index] == 10 { line += 1 }
      index += 1
    }
    throw fail("unterminated \(what)")
  }

  @discardableResult
  private mutating func skipWhitespace() -> Bool {
    let start = index
    while index < bytes.count,
      bytes[index] == 32 || bytes[index] == 9 || bytes[index] == 10 || bytes[index] == 13
    {
      if bytes[index] == 10 { line += 1 }
      index += 1
    }
    return index > start
  }

  private func peek(_ text: String) -> Bool { bytes[index...].starts(with: text.utf8) }

  private mutating func advance(_ count: Int) { index = min(bytes.count, index + count) }

  private func fail(_ message: String) -> XMLSyntaxError { XMLSyntaxError(message: message, line: line) }
}

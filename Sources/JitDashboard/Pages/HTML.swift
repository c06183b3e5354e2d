import JitCore

/// HTML written by appending to one string, with every piece of user text escaped on the way in:
/// `text(_:)` and `attribute(_:)` are the only ways a title, a description, an actor or a gate's
/// output reaches a page.
struct HTML {
  private(set) var output = ""

  init(capacity: Int = 4096) { output.reserveCapacity(capacity) }

  /// Markup written by the dashboard itself, never user text.
  mutating func raw(_ markup: String) { output += markup }

  /// User text, escaped for an element's content.
  mutating func text(_ value: String) { HTML.escape(value, into: &output) }

  /// `<tag class="...">text</tag>`, the text escaped.
  mutating func element(_ tag: String, _ value: String, class name: String? = nil) {
    output += "<" + tag
    if let name { output += " class=\"" + name + "\"" }
    output += ">"
    HTML.escape(value, into: &output)
    output += "</" + tag + ">"
  }

  /// `<a href="...">text</a>`, both escaped.
  mutating func link(_ href: String, _ value: String, class name: String? = nil) {
    output += "<a href=\""
    HTML.escape(href, into: &output)
    output += "\""
    if let name { output += " class=\"" + name + "\"" }
    output += ">"
    HTML.escape(value, into: &output)
    output += "</a>"
  }

  /// Escapes `& < > " '`, so that the text is safe in content and in quoted attributes.
  static func escape(_ value: String, into output: inout String) {
    var plain = true
    for byte in value.utf8 where byte == 38 || byte == 60 || byte == 62 || byte == 34 || byte == 39 {
      plain = false
      break
    }
    if plain {
      output += value
      return
    }
    for character in value.unicodeScalars {
      switch character {
      case "&": output += "&amp;"
      case "<": output += "&lt;"
      case ">": output += "&gt;"
      case "\"": output += "&quot;"
      case "'": output += "&#39;"
      default: output.unicodeScalars.append(character)
      }
    }
  }

  static func escaped(_ value: String) -> String {
    var output = ""
    escape(value, into: &output)
    return output
  }

  /// The CSS class of a state: `state-in_progress`.
  static func stateClass(_ state: IssueState) -> String { "state-" + state.rawValue }

  /// A query string value, percent-encoded (`&`, `=`, spaces and anything outside ASCII).
  static func queryValue(_ value: String) -> String {
    var output = ""
    for byte in value.utf8 {
      switch byte {
      case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
        UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
        UInt8(ascii: ":"):
        output.unicodeScalars.append(Unicode.Scalar(byte))
      default:
        let digits = Array("0123456789ABCDEF")
        output += "%" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 15)])
      }
    }
    return output
  }
}

/// The colours of states and priorities in tables on a terminal (ANSI SGR codes).
enum Palette {
  static func paint(_ text: String, _ code: String?) -> String {
    guard let code, !text.isEmpty else { return text }
    return "\u{1B}[\(code)m\(text)\u{1B}[0m"
  }

  /// ready green, in_progress yellow, gated magenta, done blue, backlog and archived dim.
  static func state(_ text: String) -> String {
    let code: String? =
      switch text {
      case "ready": "32"
      case "in_progress": "33"
      case "gated": "35"
      case "done": "34"
      case "backlog", "archived": "2"
      default: nil
      }
    return paint(text, code)
  }

  /// critical bold red, high red, low dim; normal as it is.
  static func priority(_ text: String) -> String {
    let code: String? =
      switch text {
      case "critical": "1;31"
      case "high": "31"
      case "low": "2"
      default: nil
      }
    return paint(text, code)
  }
}

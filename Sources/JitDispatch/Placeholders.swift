import JitCore

/// The placeholders of `command`, `args` and `prompt`: `{issue_id}`, `{short_id}`, `{title}`,
/// `{attempt}`, each replaced within one argv element (never split, never through a shell).
public enum Placeholders {
  public static func substitute(_ text: String, issue: Issue, attempt: Int) -> String {
    guard text.contains("{") else { return text }
    return text.replacingAll("{issue_id}", issue.id.rawValue)
      .replacingAll("{short_id}", String(issue.id.rawValue.suffix(8)))
      .replacingAll("{title}", issue.title)
      .replacingAll("{attempt}", String(attempt))
  }
}

extension String {
  fileprivate func replacingAll(_ target: String, _ replacement: String) -> String {
    var result = ""
    var rest = Substring(self)
    while let range = rest.range(of: target) {
      result += rest[..<range.lowerBound]
      result += replacement
      rest = rest[range.upperBound...]
    }
    return result + rest
  }
}

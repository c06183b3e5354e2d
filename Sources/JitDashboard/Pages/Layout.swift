import JitCore

/// The frame of every page: the head (the embedded stylesheet and script only), the navigation
/// and the live indicator, around a `<main>` the script swaps when something changes.
enum Layout {
  /// The views in the navigation: path, label.
  static let views: [(path: String, label: String)] = [
    ("/", "Board"), ("/blocked", "Blocked"), ("/graph", "Graph"), ("/agents", "Agents"),
    ("/stats", "Metrics"), ("/events", "Events"), ("/inbox", "Inbox"),
  ]

  static func page(title: String, here: String, body: (inout HTML) -> Void) -> String {
    var html = HTML(capacity: 64 * 1024)
    html.raw("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
    html.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
    html.raw("<title>")
    html.text(title)
    html.raw(" · jit</title><link rel=\"stylesheet\" href=\"/assets/style.css\">")
    html.raw("<link rel=\"icon\" href=\"/assets/favicon.svg\" type=\"image/svg+xml\">")
    html.raw("<script src=\"/assets/app.js\" defer></script></head><body><header>")
    html.raw("<span class=\"brand\">jit</span><nav>")
    for view in views {
      html.raw("<a href=\"" + view.path + "\"" + (view.path == here ? " class=\"here\"" : "") + ">")
      html.text(view.label)
      html.raw("</a>")
    }
    html.raw("</nav><span id=\"live\" class=\"live off\">connecting…</span></header>\n<main>")
    body(&html)
    html.raw("</main></body></html>\n")
    return html.output
  }

  /// A state as a coloured label.
  static func state(_ state: IssueState, into html: inout HTML) {
    html.raw("<span class=\"state " + HTML.stateClass(state) + "\">" + state.rawValue + "</span>")
  }

  /// A dependency's state as `DependencyBlocker` gives it (`missing` for a dangling id).
  static func state(named name: String, into html: inout HTML) {
    let known = IssueState(rawValue: name)
    html.raw("<span class=\"state state-" + (known?.rawValue ?? "missing") + "\">")
    html.text(name)
    html.raw("</span>")
  }

  static func priority(_ priority: Priority, into html: inout HTML) {
    html.raw("<span class=\"prio " + priority.rawValue + "\">" + priority.rawValue + "</span>")
  }

  /// A link to an issue: its short id, then its title.
  static func issueLink(_ id: IssueID, title: String?, into html: inout HTML) {
    html.raw("<a href=\"/issues/" + id.rawValue + "\"><code>" + id.short + "</code></a> ")
    if let title { html.text(title) }
  }

  /// A gate's chip: key and status, coloured.
  static func gateChip(_ key: String, _ status: GateState, into html: inout HTML) {
    html.raw(
      "<span class=\"chip " + status.rawValue + "\" title=\"gate " + HTML.escaped(key) + ": "
        + status.rawValue + "\">")
    html.text(key)
    html.raw("</span>")
  }

  /// A whole-number query parameter within bounds, else the default.
  /// A query parameter's whole number: `value` when it is absent, else `INVALID_ARGUMENT` (400)
  /// for one that is not a number in `range`, as `/api` and the command line answer.
  static func number(_ text: String?, _ name: String, default value: Int, in range: ClosedRange<Int>) throws
    -> Int
  {
    guard let text else { return value }
    guard let parsed = Int(text), range.contains(parsed) else {
      throw JitError.invalidArgument(
        "?\(name)=\(text): give a whole number from \(range.lowerBound) to \(range.upperBound)",
        details: [
          "parameter": .string(name), "input": .string(text), "minimum": .int(Int64(range.lowerBound)),
          "maximum": .int(Int64(range.upperBound)),
        ])
    }
    return parsed
  }
}

import FoundationEssentials
import JitApp
import JitCore
import JitWire

/// What a tool call answers: one JSON document on one line (JitWire's views, as `--json` prints
/// them), and whether it is an error (an MCP tool error, `isError`, carrying jit's code).
struct ToolAnswer: Sendable, Hashable {
  var json: String
  var isError: Bool

  /// A view, as `--json` prints it, on one line.
  static func view(_ view: some WireView) throws -> ToolAnswer {
    ToolAnswer(json: try WireEncoder.line(view), isError: false)
  }

  /// A report that is the answer whether it passed or failed (`gate check`): with `failure`, the
  /// report with an `error` member, as an MCP tool error.
  static func report(_ view: some WireView, failing failure: JitError?) throws -> ToolAnswer {
    ToolAnswer(json: try WireEncoder.line(ReportWithError(view, error: failure)), isError: failure != nil)
  }

  /// An error as the envelope `--json` prints: `{"error": {"code", "message", "details"}}`.
  static func error(_ error: JitError) -> ToolAnswer {
    let json =
      (try? WireEncoder.line(ErrorEnvelope(error)))
      ?? #"{"error":{"code":"INTERNAL_ERROR","details":{},"message":"the error could not be encoded"}}"#
    return ToolAnswer(json: json, isError: true)
  }

  /// The rows of a query as `{"issues": [...], "shown", "total"}`: the first `limit` rows, each as
  /// `--json` prints it (through the same fast path), and how many rows the query has.
  static func issues(_ query: IssueQuery, limit: Int, in application: JitApplication) throws -> ToolAnswer {
    var writer = IssueArrayWriter()
    var bytes: [UInt8] = []
    var total = 0
    try application.query(query) { row in
      total += 1
      if total <= limit { writer.add(row) { bytes += $0 } }
    }
    writer.finish { bytes += $0 }
    let rows = try JSONDecoder().decode([JSONValue].self, from: Data(bytes))
    return try view(CappedListView("issues", items: rows, total: total))
  }

  /// A document the CLI writes as text already (`graph show`'s tree), on one line.
  static func document(_ text: String) throws -> ToolAnswer {
    try view(RawJSON(value: JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))))
  }

  private struct RawJSON: WireView {
    var value: JSONValue
    func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
  }
}

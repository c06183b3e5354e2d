import JitCore

/// A list cut to a limit, with how many there were: `{"<name>": [...], "shown": n, "total": N}`.
///
/// The MCP server answers its lists this way (agents pay for every token, so lists are capped, and
/// the total says what was left out); each element has the shape the same command prints with `--json`.
public struct CappedListView<Element: Encodable>: WireView {
  /// The key the elements are under: `issues`, `events`, `gates`.
  public var name: String
  /// The first elements, at most the limit.
  public var items: [Element]
  /// How many there were before the cut.
  public var total: Int

  public init(_ name: String, items: [Element], total: Int) {
    self.name = name
    self.items = items
    self.total = total
  }

  private struct Key: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: Key.self)
    try container.encode(items, forKey: Key(stringValue: name))
    try container.encode(items.count, forKey: Key(stringValue: "shown"))
    try container.encode(total, forKey: Key(stringValue: "total"))
  }
}

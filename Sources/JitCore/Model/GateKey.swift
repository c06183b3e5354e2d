/// A gate's key in the registry, checked when it is made: 1 to 64 of `a-z 0-9 - _ .`, starting
/// with a letter or digit (`INVALID_GATE_KEY` otherwise). What a user typed is parsed into one at
/// the edge; the tracker takes nothing else.
public struct GateKey: Sendable, Hashable, Comparable, CustomStringConvertible {
  /// The key as written in `gates.json` and in issues' `gates_required`.
  public let rawValue: String

  /// Validates `text` as a gate key.
  public init(_ text: String) throws { self.rawValue = try GateDefinition.validKey(text) }

  /// The key as written.
  public var description: String { rawValue }

  /// Keys in the order of their text.
  public static func < (lhs: GateKey, rhs: GateKey) -> Bool { lhs.rawValue < rhs.rawValue }
}

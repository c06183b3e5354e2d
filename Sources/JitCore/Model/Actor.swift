/// Who did something, written `{type}:{identifier}`: `human:alice`, `agent:copilot-1`,
/// `ci:github-actions`.
public struct Actor: Hashable, Sendable, Codable, CustomStringConvertible {
  /// The kind of actor (`human`, `agent`, `ci`, ...): lower-case letters, digits, `-` and `_`.
  public let type: String
  /// Who within that kind: letters, digits and `.-_@/+`.
  public let identifier: String

  /// Parses `type:identifier`; nil when malformed.
  public init?(_ text: String) {
    guard let colon = text.firstIndex(of: ":") else { return nil }
    let type = String(text[..<colon])
    let identifier = String(text[text.index(after: colon)...])
    guard !type.isEmpty, type.utf8.count <= 32, !identifier.isEmpty, identifier.utf8.count <= 128,
      type.utf8.allSatisfy(Self.isTypeByte), identifier.utf8.allSatisfy(Self.isIdentifierByte)
    else { return nil }
    self.type = type
    self.identifier = identifier
  }

  /// Parses an actor as a person types it: `type:identifier`, or a bare identifier, which names an
  /// agent (`copilot-1` is `agent:copilot-1`); nil when malformed. Stored actors are always written
  /// in full: only what comes from a command line or the environment is read this way.
  public static func typed(_ text: String) -> Actor? {
    if let actor = Actor(text) { return actor }
    return text.contains(":") ? nil : Actor("agent:" + text)
  }

  /// Parses an actor as a person types it (`typed(_:)`), throwing `INVALID_ACTOR` when malformed.
  public init(validating text: String) throws {
    guard let actor = Actor.typed(text) else { throw JitError.invalidActor(text) }
    self = actor
  }

  /// Whether the actor is a person.
  public var isHuman: Bool { type == "human" }

  public var description: String { "\(type):\(identifier)" }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    let text = try container.decode(String.self)
    guard let actor = Actor(text) else {
      throw DecodingError.dataCorruptedError(
        in: container, debugDescription: "'\(text)' is not an actor of the form type:identifier")
    }
    self = actor
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(description)
  }

  private static func isTypeByte(_ byte: UInt8) -> Bool {
    (byte >= 97 && byte <= 122) || (byte >= 48 && byte <= 57) || byte == 45 || byte == 95
  }

  private static func isIdentifierByte(_ byte: UInt8) -> Bool {
    (byte >= 97 && byte <= 122) || (byte >= 65 && byte <= 90) || (byte >= 48 && byte <= 57)
      || [
        UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "@"), UInt8(ascii: "/"),
        UInt8(ascii: "+"),
      ].contains(byte)
  }
}

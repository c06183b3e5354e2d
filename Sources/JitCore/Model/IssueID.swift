/// The id of an issue: a ULID of 26 upper-case Crockford base32 characters.
///
/// An `IssueID` is only ever made from text that passed validation, so it is always safe to use
/// in a file name.
public struct IssueID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
  /// The full 26-character id.
  public let rawValue: String

  /// The length of a full id.
  public static let length = 26
  /// The length of the short form shown to people: the random tail of the ULID.
  public static let shortLength = 8
  /// The fewest characters accepted as a suffix reference.
  public static let minimumReferenceLength = 4

  /// Validates a full id; returns nil for anything that is not 26 Crockford base32 characters.
  public init?(_ text: String) {
    guard text.utf8.count == Self.length else { return nil }
    // One pass over contiguous bytes (ids are read by the thousand from the index).
    var lowerCase = false
    let valid =
      text.utf8.withContiguousStorageIfAvailable { bytes in
        bytes.allSatisfy { byte in
          if byte >= 97 { lowerCase = true }
          return Crockford.isDigit(byte)
        }
      } ?? Crockford.isValid(Substring(text).utf8)
    guard valid else { return nil }
    if !lowerCase && text.utf8.withContiguousStorageIfAvailable({ _ in true }) == nil {
      lowerCase = text.utf8.contains(where: { $0 >= 97 })
    }
    self.rawValue = lowerCase ? text.uppercased() : text
  }

  /// Validates a full id, throwing `INVALID_ID` otherwise.
  public init(validating text: String) throws {
    guard let id = IssueID(text) else { throw JitError.invalidID(text) }
    self = id
  }

  /// The last eight characters, which is how people see an id.
  public var short: String { String(rawValue.suffix(Self.shortLength)) }

  public var description: String { rawValue }

  public static func < (lhs: IssueID, rhs: IssueID) -> Bool { lhs.rawValue < rhs.rawValue }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    let text = try container.decode(String.self)
    guard let id = IssueID(text) else {
      throw DecodingError.dataCorruptedError(
        in: container, debugDescription: "'\(text)' is not a 26-character ULID")
    }
    self = id
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(rawValue)
  }
}

/// What a user typed to name an issue: a full id or a unique suffix of at least four characters.
public struct IssueReference: Sendable, Hashable, CustomStringConvertible {
  /// The reference, upper-cased.
  public let text: String

  /// Validates the characters and the length before anything else looks at it.
  public init(_ text: String) throws {
    let trimmed = text.trimmingWhitespace()
    guard trimmed.utf8.count >= IssueID.minimumReferenceLength,
      trimmed.utf8.count <= IssueID.length,
      Crockford.isValid(Substring(trimmed).utf8)
    else { throw JitError.invalidID(text) }
    self.text = trimmed.uppercased()
    self.original = text
  }

  /// A reference to exactly `id`.
  public init(_ id: IssueID) {
    self.text = id.rawValue
    self.original = id.rawValue
  }

  /// What was typed, for messages.
  public let original: String

  public var description: String { text }

  /// Whether `id` is named by this reference.
  public func matches(_ id: IssueID) -> Bool { id.rawValue.hasSuffix(text) }

  /// The one existing issue this names in `session`: `ISSUE_NOT_FOUND` when none does,
  /// `AMBIGUOUS_ID` (with the candidates) when several do.
  public func resolve(in session: any ReadSession) throws -> IssueID {
    if let full = IssueID(text) {
      guard try session.contains(full) else { throw JitError.issueNotFound(original) }
      return full
    }
    let matches = try session.ids(endingWith: text)
    switch matches.count {
    case 0:
      // Typed as a prefix (the start of an id)? Say that ids are matched by their end, and which.
      let starting = try session.allIDs().filter { $0.rawValue.hasPrefix(text) }.sorted {
        $0.rawValue < $1.rawValue
      }
      guard starting.isEmpty else { throw JitError.prefixNotSuffix(original, candidates: starting) }
      throw JitError.issueNotFound(original)
    case 1: return matches[0]
    default: throw JitError.ambiguous(original, candidates: matches)
    }
  }
}

extension String {
  func trimmingWhitespace() -> String {
    let scalars = unicodeScalars
    guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
      let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })
    else { return "" }
    return String(scalars[start...end])
  }
}

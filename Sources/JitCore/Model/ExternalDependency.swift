/// A dependency on an issue of another jit repository: `alias:ID`, where the alias is a key of the
/// `[repositories]` table of `.jit/config.toml` (docs/format.md). It is satisfied only when that
/// issue is `done` there; the other repository is only ever read.
public struct ExternalDependency: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
  /// The alias of the other repository (`[a-z][a-z0-9_-]*`, at most 64 characters).
  public let alias: String
  /// The issue's full id in the other repository.
  public let id: IssueID

  public init(alias: String, id: IssueID) throws {
    guard Self.isAlias(alias) else { throw Self.invalidAlias(alias) }
    self.alias = alias
    self.id = id
  }

  /// Parses `alias:ID` (a full id), as the issue file holds it; nil for anything else.
  public init?(_ text: String) {
    let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
    guard parts.count == 2, Self.isAlias(String(parts[0])), let id = IssueID(String(parts[1])) else {
      return nil
    }
    self.alias = String(parts[0])
    self.id = id
  }

  /// `alias:ID`, as the issue file holds it.
  public var description: String { "\(alias):\(id.rawValue)" }

  /// How people see it: `alias:` and the short id.
  public var short: String { "\(alias):\(id.short)" }

  /// Whether `text` is a valid alias: a lower-case letter, then letters, digits, `_` or `-`.
  public static func isAlias(_ text: String) -> Bool {
    guard let first = text.utf8.first, (97...122).contains(first), text.utf8.count <= 64 else { return false }
    return text.utf8.allSatisfy { (97...122).contains($0) || (48...57).contains($0) || $0 == 95 || $0 == 45 }
  }

  static func invalidAlias(_ alias: String) -> JitError {
    JitError(
      .invalidArgument,
      "'\(alias)' is not a repository alias: a lower-case letter, then letters, digits, '_' or '-'",
      details: ["alias": .string(alias)])
  }

  public static func < (lhs: ExternalDependency, rhs: ExternalDependency) -> Bool {
    (lhs.alias, lhs.id) < (rhs.alias, rhs.id)
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    let text = try container.decode(String.self)
    guard let parsed = ExternalDependency(text) else {
      throw DecodingError.dataCorruptedError(
        in: container, debugDescription: "'\(text)' is not alias:ID (an alias and a 26-character ULID)")
    }
    self = parsed
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(description)
  }
}

/// What a user typed to name an issue of another repository: `alias:` and a full id or a unique
/// suffix (resolved in the other repository).
public struct ExternalReference: Sendable, Hashable, CustomStringConvertible {
  public let alias: String
  public let reference: IssueReference

  /// Whether `text` names another repository's issue (it has a `:`); nil when it does not.
  public init?(parsing text: String) throws {
    guard let colon = text.firstIndex(of: ":") else { return nil }
    let alias = String(text[..<colon])
    guard ExternalDependency.isAlias(alias) else { throw ExternalDependency.invalidAlias(alias) }
    self.alias = alias
    let id = String(text[text.index(after: colon)...])
    guard !id.isEmpty else {
      throw JitError(
        .invalidID, "'\(text)' names no issue: give alias:ID, the id or a unique suffix after the colon",
        details: ["alias": .string(alias)])
    }
    self.reference = try IssueReference(id)
  }

  public init(alias: String, reference: IssueReference) {
    self.alias = alias
    self.reference = reference
  }

  public var description: String { "\(alias):\(reference.original)" }

  /// Whether it names `link`: the same alias, and its id (or a suffix of it).
  public func matches(_ link: ExternalDependency) -> Bool {
    link.alias == alias && reference.matches(link.id)
  }
}

/// What jit found of an external dependency: the issue's title and state, or why it could not.
public struct ExternalStatus: Hashable, Sendable, Codable {
  public var alias: String
  public var id: IssueID
  /// Its title there; nil when unknown.
  public var title: String?
  /// Its state there, or `unknown` when the repository cannot be read or has no such issue.
  public var state: String
  /// Why the state is `unknown` (nil otherwise).
  public var reason: String?

  public init(alias: String, id: IssueID, title: String?, state: String, reason: String? = nil) {
    self.alias = alias
    self.id = id
    self.title = title
    self.state = state
    self.reason = reason
  }

  /// An external dependency whose state cannot be known: never satisfied.
  public static func unknown(_ dependency: ExternalDependency, _ reason: String) -> ExternalStatus {
    ExternalStatus(alias: dependency.alias, id: dependency.id, title: nil, state: "unknown", reason: reason)
  }

  public var dependency: ExternalDependency? { try? ExternalDependency(alias: alias, id: id) }

  /// Only a `done` issue satisfies the dependency.
  public var isSatisfied: Bool { state == IssueState.done.rawValue }

  /// `api:4GD4P9SX (in_progress)`, or `api:4GD4P9SX (unknown: why)`.
  public var sentence: String {
    "\(alias):\(id.short) (\(state)\(reason.map { ": \($0)" } ?? ""))"
  }

  enum CodingKeys: String, CodingKey { case alias, id, title, state, reason }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(alias, forKey: .alias)
    try container.encode(id, forKey: .id)
    try container.encode(title, forKey: .title)
    try container.encode(state, forKey: .state)
    try container.encodeIfPresent(reason, forKey: .reason)
  }
}

/// The other repositories an issue's external dependencies name, read-only. The application layer
/// opens them from `.jit/config.toml` (`LinkedRepositories`); tests give their own.
public protocol ExternalRepositories: Sendable {
  /// The issue's state there (`unknown`, with the reason, when the alias is not configured, the
  /// repository cannot be read or has no such issue). Never throws: an unknown is never satisfied.
  func status(of dependency: ExternalDependency) -> ExternalStatus
  /// Resolves a reference in the other repository: `UNKNOWN_ALIAS` (with `details.alias`) for an
  /// alias `config.toml` does not name, `REPOSITORY_UNREACHABLE` when it cannot be read,
  /// `ISSUE_NOT_FOUND`/`AMBIGUOUS_ID` (with `details.alias`) as in this one.
  func resolve(_ reference: ExternalReference) throws -> IssueID
  /// Whether any other repository is named at all: without one, `query ready` and `blocked` skip
  /// looking for external dependencies (a claim still refuses an issue that has one: `unknown`).
  var namesRepositories: Bool { get }
}

extension ExternalRepositories {
  public var namesRepositories: Bool { true }

  /// `issue` with the state it has now (`Issue.shown(heldByLinks:)`), its links looked up here.
  public func live(_ issue: Issue) -> Issue {
    issue.shown(heldByLinks: issue.externalDependencies.contains { !status(of: $0).isSatisfied })
  }
}

/// No other repository is known: every external dependency is `unknown`, never satisfied.
public struct NoExternalRepositories: ExternalRepositories {
  public init() {}

  public func status(of dependency: ExternalDependency) -> ExternalStatus {
    .unknown(dependency, "no repository is named '\(dependency.alias)' here")
  }

  public func resolve(_ reference: ExternalReference) throws -> IssueID {
    throw JitError.unknownAlias(reference.alias, known: [])
  }

  public var namesRepositories: Bool { false }
}

extension JitError {
  /// An alias `.jit/config.toml` does not name.
  public static func unknownAlias(_ alias: String, known: [String]) -> JitError {
    JitError(
      .unknownAlias,
      "no repository is named '\(alias)' in .jit/config.toml's [repositories]"
        + (known.isEmpty ? " (it names none)" : " (it names \(known.joined(separator: ", ")))"),
      details: ["alias": .string(alias), "known": .array(known.map { .string($0) })])
  }
}

extension Issue {
  /// The issue with the state it has now: one stored `ready` that a dependency in another
  /// repository holds back (`heldByLinks`: one is not `done` there, or `unknown`) is `backlog`, as
  /// an issue whose dependencies are not all done is. That state is shown, never stored: the other
  /// repository changes without any write here (docs/format.md, Other repositories).
  public func shown(heldByLinks: Bool) -> Issue {
    guard heldByLinks, state == .ready else { return self }
    var shown = self
    shown.state = .backlog
    return shown
  }
}

/// What holds blocked work back: an unfinished dependency, a gate, or a hold, with how many of
/// the blocked issues it holds.
public struct WorkBlocker: Sendable, Hashable, Codable {
  /// `issue` (a dependency not done), `gate` (a gate not passed) or `hold`.
  public var kind: String
  /// The dependency's id (`issue`).
  public var id: String?
  /// The dependency's title and state (`missing` when no such issue exists).
  public var title: String?
  public var state: String?
  /// The gate's key (`gate`).
  public var key: String?
  /// How many blocked issues it holds directly.
  public var holds: Int

  public init(
    kind: String, id: String? = nil, title: String? = nil, state: String? = nil, key: String? = nil,
    holds: Int
  ) {
    self.kind = kind
    self.id = id
    self.title = title
    self.state = state
    self.key = key
    self.holds = holds
  }
}

/// Why no issue could be taken: how many are ready to claim (and how many of those the filter
/// excluded), held by someone, blocked, and the blockers that hold the most work.
public struct NothingReady: Sendable, Hashable, Codable {
  public var ready: Int
  public var excludedByFilter: Int
  public var inProgress: Int
  public var blocked: Int
  /// At most five, those that hold the most issues first.
  public var blockers: [WorkBlocker]

  public init(ready: Int, excludedByFilter: Int, inProgress: Int, blocked: Int, blockers: [WorkBlocker]) {
    self.ready = ready
    self.excludedByFilter = excludedByFilter
    self.inProgress = inProgress
    self.blocked = blocked
    self.blockers = blockers
  }

  enum CodingKeys: String, CodingKey {
    case ready, blocked, blockers
    case excludedByFilter = "excluded_by_filter"
    case inProgress = "in_progress"
  }

  /// The details of `NO_READY_ISSUE`.
  public var details: [String: JSONValue] {
    [
      "ready": .int(Int64(ready)), "excluded_by_filter": .int(Int64(excludedByFilter)),
      "in_progress": .int(Int64(inProgress)), "blocked": .int(Int64(blocked)),
      "blockers": .array(
        blockers.map { blocker in
          var object: [String: JSONValue] = [
            "kind": .string(blocker.kind), "holds": .int(Int64(blocker.holds)),
          ]
          if let id = blocker.id { object["id"] = .string(id) }
          if let title = blocker.title { object["title"] = .string(title) }
          if let state = blocker.state { object["state"] = .string(state) }
          if let key = blocker.key { object["key"] = .string(key) }
          return .object(object)
        }),
    ]
  }

  /// In one sentence for people.
  public var sentence: String {
    var parts: [String] = []
    if excludedByFilter > 0 { parts.append("\(excludedByFilter) ready excluded by the filter") }
    if inProgress > 0 { parts.append("\(inProgress) in progress") }
    parts.append("\(blocked) blocked")
    var text = parts.joined(separator: ", ")
    if !blockers.isEmpty {
      text +=
        "; most held back by "
        + blockers.prefix(3).map { blocker in
          switch blocker.kind {
          case "issue":
            return
              "\(blocker.id.map { String($0.suffix(8)) } ?? "?") (\(blocker.state ?? "?"), holds \(blocker.holds))"
          case "gate": return "gate \(blocker.key ?? "?") (holds \(blocker.holds))"
          default: return "holds (\(blocker.holds))"
          }
        }.joined(separator: ", ")
    }
    return text
  }
}

/// What `jit next` tells the caller to do.
public struct NextWork: Sendable {
  /// `rework` (the caller's issue with a failed gate), `in_progress` (the caller's work), `ready`
  /// (the best issue to claim) or `nothing`.
  public var next: String
  public var actor: Actor
  /// The issue, with what stands between it and done.
  public var issue: Issue?
  public var outlook: DoneOutlook?
  /// The other issues the caller holds in progress.
  public var alsoHeld: [IssueID]
  /// Why nothing is ready (`nothing`).
  public var nothingReady: NothingReady?

  public init(
    next: String, actor: Actor, issue: Issue?, outlook: DoneOutlook?, alsoHeld: [IssueID],
    nothingReady: NothingReady?
  ) {
    self.next = next
    self.actor = actor
    self.issue = issue
    self.outlook = outlook
    self.alsoHeld = alsoHeld
    self.nothingReady = nothingReady
  }
}

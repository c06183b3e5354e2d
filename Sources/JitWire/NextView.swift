import JitCore

/// `jit next`: `{"next", "actor", "issue", "also_held", "why", "command"}`. `next` is `rework`,
/// `in_progress`, `ready` or `nothing`; `issue` is the issue with `until_done` (null for
/// `nothing`); `why` says why nothing is ready (null otherwise); `command` is what to run next.
public struct NextView: WireView {
  public var work: NextWork

  public init(_ work: NextWork) { self.work = work }

  enum CodingKeys: String, CodingKey {
    case next, actor, issue, why, command
    case alsoHeld = "also_held"
  }

  /// The command to run next, or nil when there is none.
  public var command: String? {
    guard let issue = work.issue else { return nil }
    let short = issue.id.short
    switch work.next {
    case "ready": return "jit issue claim \(short) --to \(work.actor)"
    default:
      if let gate = work.outlook?.gates.first(where: { $0.status == .failed }) { return gate.how }
      return "jit issue complete \(short) --by \(work.actor)"
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(work.next, forKey: .next)
    try container.encode(work.actor, forKey: .actor)
    if let issue = work.issue {
      try container.encode(IssueView(issue, untilDone: work.outlook), forKey: .issue)
    } else {
      try container.encodeNil(forKey: .issue)
    }
    try container.encode(work.alsoHeld, forKey: .alsoHeld)
    try container.encode(work.nothingReady, forKey: .why)
    try container.encode(command, forKey: .command)
  }
}

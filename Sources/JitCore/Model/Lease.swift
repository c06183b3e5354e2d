/// A claim's lease: the claim lapses at `expiresAt` unless its holder renews it (`jit issue
/// heartbeat`). Kept out of committed files (`.jit/run/leases/<id>.json`, git-ignored), so that a
/// heartbeat never dirties the work tree. A claim without a lease never expires.
public struct Lease: Hashable, Sendable, Codable {
  public var id: IssueID
  /// Who holds the claim.
  public var holder: Actor
  /// The claim generation the lease belongs to: a lease of an older claim is void.
  public var generation: Int
  /// How long each renewal lasts, in milliseconds.
  public var durationMs: Int64
  public var expiresAt: Timestamp
  /// When the claim was taken or last renewed.
  public var renewedAt: Timestamp

  public init(
    id: IssueID, holder: Actor, generation: Int, durationMs: Int64, expiresAt: Timestamp, renewedAt: Timestamp
  ) {
    self.id = id
    self.holder = holder
    self.generation = generation
    self.durationMs = durationMs
    self.expiresAt = expiresAt
    self.renewedAt = renewedAt
  }

  /// A lease taken or renewed at `now`.
  init(id: IssueID, holder: Actor, generation: Int, durationMs: Int64, now: Timestamp) {
    self.init(
      id: id, holder: holder, generation: generation, durationMs: durationMs,
      expiresAt: Timestamp(millisecondsSince1970: now.millisecondsSince1970 + durationMs), renewedAt: now)
  }

  /// A lease's length in milliseconds: 1 second to 7 days (`INVALID_ARGUMENT` otherwise).
  static func validDuration(_ duration: Duration?) throws -> Int64? {
    guard let duration else { return nil }
    let (seconds, attoseconds) = duration.components
    let milliseconds = seconds * 1000 + attoseconds / 1_000_000_000_000_000
    guard milliseconds >= 1000, milliseconds <= 7 * 86_400_000 else {
      throw JitError.invalidArgument("a lease lasts from 1 second to 7 days")
    }
    return milliseconds
  }

  /// Whether it has run out at `now`.
  public func hasExpired(at now: Timestamp) -> Bool {
    expiresAt.millisecondsSince1970 <= now.millisecondsSince1970
  }

  /// Whether it belongs to `issue`'s current claim.
  public func belongs(to issue: Issue) -> Bool {
    issue.state == .inProgress && issue.assignee == holder && issue.claimGeneration == generation
  }

  enum CodingKeys: String, CodingKey {
    case id, holder, generation
    case durationMs = "duration_ms"
    case expiresAt = "expires_at"
    case renewedAt = "renewed_at"
  }
}

/// What a command an assignee runs on its issue says about the claim it acts under (`--claim GEN`,
/// or `JIT_CLAIM=<id>:<generation>`): refused with `STALE_CLAIM` when the issue has since been
/// claimed again, so that an agent that wakes up after its claim was taken back changes nothing.
public struct ClaimFence: Hashable, Sendable {
  /// The issue the fence names; nil applies it to whichever issue the command acts on.
  public var issue: IssueID?
  public var generation: Int

  public init(issue: IssueID? = nil, generation: Int) {
    self.issue = issue
    self.generation = generation
  }

  /// `<id>:<generation>` (as `JIT_CLAIM` carries it) or a bare generation.
  public init(parsing text: String) throws {
    let parts = text.split(separator: ":", omittingEmptySubsequences: false)
    let number = parts.last.map(String.init) ?? ""
    guard parts.count <= 2, let generation = Int(number), generation >= 1, generation <= 1_000_000_000,
      number.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 })
    else {
      throw JitError.invalidArgument(
        "'\(text)' is not a claim: give the claim generation (a whole number from 1), or <issue id>:<generation>",
        details: ["input": .string(text)])
    }
    if parts.count == 2 {
      guard let id = IssueID(String(parts[0])) else { throw JitError.invalidID(String(parts[0])) }
      issue = id
    }
    self.generation = generation
  }
}

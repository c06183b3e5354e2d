import JitCore

/// What an application over one repository needs to know, as one explicit value: the CLI builds
/// it from flags and `JIT_*` (see `fromEnvironment`), a server from its own configuration.
/// Nothing in `JitApp` reads the process environment or the working directory on its own.
public struct JitConfiguration: Sendable, Hashable {
  /// Where the repository is: an explicit directory, or a directory to search upward from.
  public enum Repository: Sendable, Hashable {
    /// `DIR` itself if it is named `.jit`, else `DIR/.jit`; it must exist.
    case explicit(String)
    /// The nearest `.jit` at or above this directory.
    case search(from: String)
  }

  /// Who acts when a call names nobody.
  public enum DefaultActor: Sendable, Hashable {
    /// This actor, named by whoever configured the application (`JIT_ACTOR`, a server's settings).
    case known(Actor)
    /// This actor, assumed from the login name (`human:$USER`): good enough to record who did
    /// something, never to approve (`APPROVER_NOT_NAMED`).
    case assumed(Actor)
    /// Nobody could be worked out; a call that needs an actor and names none fails with this error.
    case unknown(JitError)
  }

  /// Where the repository is.
  public var repository: Repository
  /// Who acts when a call names nobody.
  public var defaultActor: DefaultActor
  /// How long to wait for another process's lock before `LOCK_TIMEOUT`.
  public var lockTimeout: Duration
  /// Whether the derived SQLite index under `.jit/cache/` answers lists and queries; off, every
  /// answer is read from the issue files (the reference the index is tested against).
  public var usesIndex: Bool
  /// The environment gate checkers run with (they also get `JIT_ISSUE_ID` and the like).
  public var checkerEnvironment: [String: String]
  /// The directory relative paths (artifacts, `--repo`) are resolved against.
  public var workingDirectory: String
  /// Whether the person the application serves is at a terminal (standard input and standard error
  /// are TTYs): what a `terminal` approval policy asks for. False for servers.
  public var atTerminal: Bool = false
  /// The SSH key `signed` approvals are signed with when a call names none (`JIT_SIGNING_KEY`).
  public var signingKey: String?
  /// The claim an agent acts under when a call names none (`JIT_CLAIM`: `<issue id>:<generation>`,
  /// or a generation for the issue `JIT_ISSUE_ID` names): applied only to that issue.
  public var claim: String?
  /// The issue a bare `JIT_CLAIM` generation belongs to (`JIT_ISSUE_ID`).
  public var claimIssue: String?
  /// The connection to a database store (`JIT_DATABASE_URL`: a libpq URL or connection string);
  /// nil: libpq's own environment (`PGHOST`, `PGSERVICE`, ...) and service files. Never read from
  /// a committed file.
  public var databaseURL: String?

  /// A configuration with every value given.
  public init(
    repository: Repository, defaultActor: DefaultActor, lockTimeout: Duration = .seconds(30),
    usesIndex: Bool = true, checkerEnvironment: [String: String] = [:], workingDirectory: String = "/"
  ) {
    self.repository = repository
    self.defaultActor = defaultActor
    self.lockTimeout = lockTimeout
    self.usesIndex = usesIndex
    self.checkerEnvironment = checkerEnvironment
    self.workingDirectory = workingDirectory
  }

  /// A configuration acting as `actor`.
  public init(
    repository: Repository, actor: Actor, lockTimeout: Duration = .seconds(30), usesIndex: Bool = true
  ) {
    self.init(
      repository: repository, defaultActor: .known(actor), lockTimeout: lockTimeout, usesIndex: usesIndex)
  }

  /// The `.jit` directory; `NOT_INITIALIZED` when there is none. With `verifyingSchema` (the
  /// default), a repository of another schema version is refused; `validate` reports it instead.
  public func locate(verifyingSchema: Bool = true) throws -> RepositoryLayout {
    let layout: RepositoryLayout
    switch repository {
    case .explicit(let path): layout = try RepositoryLocator.explicit(absolute(path))
    case .search(let start): layout = try RepositoryLocator.locate(from: start)
    }
    if verifyingSchema { try RepositorySchema.verify(layout) }
    return layout
  }

  /// The actor a call acts as: `explicit` (validated) when given, else the default actor.
  public func actor(_ explicit: String? = nil) throws -> Actor {
    if let explicit { return try Actor(validating: explicit) }
    switch defaultActor {
    case .known(let actor), .assumed(let actor): return actor
    case .unknown(let error): throw error
    }
  }

  /// The actor of an approval, with what backs it: whether it was named, whether a terminal is
  /// there, the key to sign with (`signingKey`, else the configured one), and the environment.
  public func approver(_ explicit: String?, signingKey: String? = nil) throws -> (Actor, ApprovalContext) {
    let actor = try self.actor(explicit)
    var named = true
    if explicit == nil, case .assumed = defaultActor { named = false }
    let context = ApprovalContext(
      named: named, atTerminal: atTerminal, signingKey: signingKey ?? self.signingKey,
      environment: checkerEnvironment)
    return (actor, context)
  }

  /// The claim fence of a call: `explicit` (`--claim`, a generation or `<id>:<generation>`), else
  /// the configured `JIT_CLAIM`, which applies only to the issue it names.
  public func fence(_ explicit: String?) throws -> ClaimFence? {
    if let explicit { return try ClaimFence(parsing: explicit) }
    guard let claim, !claim.isEmpty else { return nil }
    var fence = try ClaimFence(parsing: claim)
    if fence.issue == nil {
      // A bare generation names the issue the dispatcher gave with it; without one it fences nothing.
      guard let issue = claimIssue.flatMap(IssueID.init) else { return nil }
      fence.issue = issue
    }
    return fence
  }

  /// A path made absolute against the working directory.
  public func absolute(_ path: String) -> String {
    path.hasPrefix("/") ? path : (workingDirectory == "/" ? "" : workingDirectory) + "/" + path
  }
}

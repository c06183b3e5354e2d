/// What `dispatch.toml` says, with every default filled in (docs/dispatch.md lists them).
public struct DispatchConfig: Sendable, Hashable {
  /// Where each run works.
  public enum Workspace: String, Sendable, Hashable {
    /// In the repository itself (the default).
    case repo
    /// In a git worktree and branch of its own, outside the repository, reused by retries.
    case worktree
  }

  /// `[dispatch]`: the repository-wide settings.
  public struct Settings: Sendable, Hashable {
    /// Seconds between cycles of `start` (the seed design's key).
    public var pollIntervalSecs: Double = 10
    /// Runs at once across every agent of this dispatcher.
    public var maxInFlight: Int = 8
    /// Length of each claim's lease.
    public var leaseSecs: Int = 600
    /// How often a run's lease is renewed (and its issue re-read).
    public var heartbeatSecs: Double = 30
    /// On shutdown, how long runs may go on before they are stopped and their work released.
    public var shutdownGraceSecs: Double = 30
    /// Seconds between SIGTERM and SIGKILL when a run's process group is stopped.
    public var killGraceSecs: Double = 5
    /// How long an agent that completed its issue may go on before its process group is stopped
    /// (an agent that finished but never exits); the outcome is then decided from the tracker.
    public var exitGraceSecs: Double = 10
    public var workspace: Workspace = .repo
    /// Where worktrees go (`workspace = "worktree"`); default `<repo>/../<repo name>.jit-worktrees`.
    public var worktreeRoot: String?
    /// Retry backoff: `min(base * 2^(attempt-1), cap)` seconds.
    public var retryBaseSecs: Double = 30
    public var retryCapSecs: Double = 900

    public init() {}
  }

  /// One `[[agents]]` entry.
  public struct Agent: Sendable, Hashable {
    public var id: String
    /// Free text (the seed design's `type`: `copilot`, `ci`, ...).
    public var type: String?
    public var command: String
    public var args: [String] = []
    public var maxConcurrent: Int = 1
    /// A claim-next filter expression (`priority:high|critical`); empty takes any ready work.
    public var filter: String?
    /// Environment added to the documented few inherited variables.
    public var env: [String: String] = [:]
    /// Wall-clock seconds per run before its process group is killed (0: no limit).
    public var timeoutSecs: Double = 3600
    /// Seconds with no output (and no change to the issue) before a run counts as stalled (0: off).
    public var stallSecs: Double = 600
    /// Failed attempts per issue before it is released with a hold.
    public var maxAttempts: Int = 3
    /// Text given on standard input, then closed (placeholders as in `args`); nil: /dev/null.
    public var prompt: String?

    public init(id: String, command: String) {
      self.id = id
      self.command = command
    }

    /// The actor this agent claims as.
    public var actor: String { "agent:" + id }
  }

  /// One `[[webhooks]]` entry.
  public struct Webhook: Sendable, Hashable {
    public var url: String
    /// Event names to deliver (`dispatch.gave_up`, `issue.completed`, ...); empty: every event.
    public var events: [String] = []
    /// The environment variable holding the signing secret; no signature without one.
    public var secretEnv: String?
    /// Seconds per request.
    public var timeoutSecs: Double = 10
    /// Tries per event before it is given up (`dispatch.webhook_failed`).
    public var maxAttempts: Int = 5
    /// Backoff between tries: `min(base * 2^(n-1), 300)` seconds.
    public var retryBaseSecs: Double = 1

    public init(url: String) { self.url = url }
  }

  public var dispatch = Settings()
  public var agents: [Agent] = []
  public var webhooks: [Webhook] = []

  public init(dispatch: Settings = Settings(), agents: [Agent] = [], webhooks: [Webhook] = []) {
    self.dispatch = dispatch
    self.agents = agents
    self.webhooks = webhooks
  }
}

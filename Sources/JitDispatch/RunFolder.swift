import Foundation
import JitCore

/// What jit-dispatch keeps under `.jit/run/dispatch/` (git-ignored): a record per live run, the
/// attempts and retry time of each issue it has failed on, and each run's log.
public struct RunFolder: Sendable {
  /// One run in flight, written before the agent starts and removed when its outcome is decided;
  /// a restart uses it to find the runs of a dispatcher that died.
  public struct RunRecord: Codable, Sendable, Hashable {
    public var runID: String
    public var issue: String
    public var agent: String
    public var generation: Int
    public var attempt: Int
    public var dispatcherPID: Int32
    /// When the dispatcher process started (`AgentProcess.startTime`), so that a reused pid is not
    /// taken for it; nil in records written before it was kept.
    public var dispatcherStart: UInt64?
    public var pid: Int32?
    /// When the agent process started, likewise: its group is killed on recovery only if it matches.
    public var agentStart: UInt64?
    public var startedAt: Timestamp
    public var log: String
    public var workdir: String

    enum CodingKeys: String, CodingKey {
      case runID = "run_id"
      case issue, agent, generation, attempt
      case dispatcherPID = "dispatcher_pid"
      case dispatcherStart = "dispatcher_start"
      case pid
      case agentStart = "agent_start"
      case startedAt = "started_at"
      case log, workdir
    }
  }

  /// An issue's failures so far and when it may be tried again.
  public struct AttemptRecord: Codable, Sendable, Hashable {
    public var issue: String
    public var attempts: Int
    public var lastReason: String
    public var lastLog: String
    public var retryAt: Timestamp?
    public var held: Bool = false

    enum CodingKeys: String, CodingKey {
      case issue, attempts
      case lastReason = "last_reason"
      case lastLog = "last_log"
      case retryAt = "retry_at"
      case held
    }
  }

  public let directory: String

  public init(layout: RepositoryLayout) { directory = layout.runDirectory + "/dispatch" }

  var runsDirectory: String { directory + "/runs" }
  var attemptsDirectory: String { directory + "/attempts" }
  var logsDirectory: String { directory + "/logs" }
  /// The pid file of `start --daemon`.
  public var pidFile: String { directory + "/daemon.pid" }
  public var daemonLog: String { directory + "/daemon.log" }

  public func prepare() throws {
    for path in [directory, runsDirectory, attemptsDirectory, logsDirectory] {
      try FileSystem.createDirectory(path)
    }
  }

  public func logFile(_ runID: String, issue: IssueID) -> String {
    logsDirectory + "/" + issue.rawValue.suffix(8) + "-" + runID + ".log"
  }

  public func promptFile(_ runID: String) -> String { logsDirectory + "/" + runID + ".prompt" }
  /// The issue as its file would be, for a run on a store without files (`JIT_ISSUE_FILE`).
  public func issueCopy(_ runID: String) -> String { logsDirectory + "/" + runID + ".issue.json" }

  private static let encoder: JSONEncoder = {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
    return encoder
  }()

  /// Written atomically; `sync: false` skips the fsync. Run records need none: they guard against
  /// the dispatcher process dying, which loses nothing written, while a machine crash also ends
  /// every agent (their leases then expire).
  func write<T: Encodable>(_ value: T, to path: String, sync: Bool = true) throws {
    try FileSystem.writeAtomically(
      Array(Self.encoder.encode(value)), to: path,
      temporary: "\(path).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp", sync: sync, exclusive: true)
  }

  func read<T: Decodable>(_ type: T.Type, _ path: String) -> T? {
    guard let bytes = try? FileSystem.read(path) else { return nil }
    return try? JSONDecoder().decode(type, from: Data(bytes))
  }

  public func save(_ run: RunRecord) throws {
    try write(run, to: runsDirectory + "/" + run.runID + ".json", sync: false)
  }
  public func remove(run: String) { try? FileSystem.remove(runsDirectory + "/" + run + ".json") }
  public func runs() -> [RunRecord] {
    let names = (try? FileSystem.list(runsDirectory)) ?? []
    return names.filter { $0.hasSuffix(".json") }.compactMap {
      read(RunRecord.self, runsDirectory + "/" + $0)
    }
    .sorted { $0.startedAt < $1.startedAt }
  }

  public func attempts(_ issue: IssueID) -> AttemptRecord? {
    read(AttemptRecord.self, attemptsDirectory + "/" + issue.rawValue + ".json")
  }
  public func save(_ record: AttemptRecord) throws {
    try write(record, to: attemptsDirectory + "/" + record.issue + ".json")
  }
  public func clearAttempts(_ issue: IssueID) {
    try? FileSystem.remove(attemptsDirectory + "/" + issue.rawValue + ".json")
  }
  public func allAttempts() -> [AttemptRecord] {
    let names = (try? FileSystem.list(attemptsDirectory)) ?? []
    return names.filter { $0.hasSuffix(".json") }.compactMap {
      read(AttemptRecord.self, attemptsDirectory + "/" + $0)
    }
    .sorted { $0.issue < $1.issue }
  }
}

import FoundationEssentials
import JitCore
import JitDispatch
import JitSystem

/// What jit-dispatch records in `.jit/run/dispatch/` (its `RunFolder`), read for the agents view:
/// runs in flight with the tails of their logs, the retry queue, work held after too many
/// attempts, and, when a `dispatch.toml` is found, each agent's capacity used. The same facts
/// `jit-dispatch status --json` prints, in the same keys.
public struct DispatchActivity: Sendable {
  public struct Run: Sendable {
    public var record: RunFolder.RunRecord
    public var alive: Bool
    public var dispatcherAlive: Bool
    public var logTail: String
  }
  public struct Capacity: Sendable {
    public var agent: String
    public var maxConcurrent: Int
    public var running: Int
  }

  public var runs: [Run] = []
  public var retries: [RunFolder.AttemptRecord] = []
  public var held: [Issue] = []
  public var capacity: [Capacity]?
  public var maxInFlight: Int?
  public var configPath: String?
  public var configProblem: String?
  public var daemonPID: Int32?
  public var now: Timestamp

  /// Bytes of each run's log shown.
  public static let tailBytes = 2_048

  /// Reads the run folder (blocking: call it off the cooperative pool).
  public static func read(layout: RepositoryLayout, held: [Issue], configPath: String?, now: Timestamp)
    -> DispatchActivity
  {
    let folder = RunFolder(layout: layout)
    var activity = DispatchActivity(now: now)
    activity.runs = folder.runs().map { record in
      Run(
        record: record, alive: record.pid.map(AgentProcess.alive) ?? false,
        dispatcherAlive: AgentProcess.alive(record.dispatcherPID, startedAt: record.dispatcherStart),
        logTail: tail(record.log, root: layout.rootDirectory))
    }
    activity.retries = folder.allAttempts().filter { !$0.held && $0.retryAt != nil }
    activity.held = held
    if let text = try? FileSystem.read(folder.pidFile),
      let pid = Int32(String(decoding: text, as: UTF8.self).trimmed),
      AgentProcess.alive(pid)
    {
      activity.daemonPID = pid
    }
    let path = configPath ?? layout.rootDirectory + "/dispatch.toml"
    if FileSystem.exists(path) {
      activity.configPath = path
      do {
        let bytes = try FileSystem.read(path) ?? []
        let config = try DispatchConfig.parse(String(decoding: bytes, as: UTF8.self), path: path)
        activity.capacity = config.agents.map { agent in
          Capacity(
            agent: agent.id, maxConcurrent: agent.maxConcurrent,
            running: activity.runs.filter { $0.record.agent == agent.id }.count)
        }
        activity.maxInFlight = config.dispatch.maxInFlight
      } catch {
        activity.configProblem = "\(error)"
      }
    }
    return activity
  }

  /// The last `tailBytes` of a log, from its last whole line.
  static func tail(_ path: String, root: String) -> String {
    let full = path.hasPrefix("/") ? path : root + "/" + path
    var info = stat()
    guard stat(full, &info) == 0 else { return "" }
    let size = Int(info.st_size)
    let start = max(0, size - tailBytes)
    guard let bytes = try? FileSystem.read(full, from: start, count: tailBytes) else { return "" }
    var slice = bytes[...]
    if start > 0, let newline = slice.firstIndex(of: 10) { slice = slice[(newline + 1)...] }
    return String(decoding: slice, as: UTF8.self)
  }

  /// `jit-dispatch status --json`'s shape.
  public var json: JSONValue {
    var value: [String: JSONValue] = [
      "runs": .array(
        runs.map { run in
          .object([
            "run_id": .string(run.record.runID), "issue": .string(run.record.issue),
            "agent": .string(run.record.agent),
            "attempt": .int(Int64(run.record.attempt)), "generation": .int(Int64(run.record.generation)),
            "pid": .int(Int64(run.record.pid ?? 0)), "dispatcher_pid": .int(Int64(run.record.dispatcherPID)),
            "started_at": .string(run.record.startedAt.description), "log": .string(run.record.log),
            "workdir": .string(run.record.workdir), "alive": .bool(run.alive),
            "dispatcher_alive": .bool(run.dispatcherAlive), "log_tail": .string(run.logTail),
          ])
        }),
      "retry_queue": .array(
        retries.map { record in
          .object([
            "issue": .string(record.issue), "attempts": .int(Int64(record.attempts)),
            "reason": .string(record.lastReason),
            "retry_at": .string(record.retryAt?.description ?? ""),
            "due": .bool(record.retryAt.map { $0 <= now } ?? true), "log": .string(record.lastLog),
          ])
        }),
      "held": .array(
        held.map { issue in
          .object([
            "issue": .string(issue.id.rawValue), "title": .string(issue.title),
            "reason": .string(issue.hold?.reason ?? ""),
          ])
        }),
      "daemon_pid": daemonPID.map { .int(Int64($0)) } ?? .null,
    ]
    if let capacity {
      value["capacity"] = .array(
        capacity.map {
          .object([
            "agent": .string($0.agent), "max_concurrent": .int(Int64($0.maxConcurrent)),
            "running": .int(Int64($0.running)),
          ])
        })
      value["max_in_flight"] = maxInFlight.map { .int(Int64($0)) } ?? .null
    }
    return .object(value)
  }
}

extension String {
  var trimmed: String {
    String(drop { $0 == " " || $0 == "\n" }.reversed().drop { $0 == " " || $0 == "\n" }.reversed())
  }
}

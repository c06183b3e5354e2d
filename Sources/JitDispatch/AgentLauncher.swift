import JitCore
import JitSystem

/// One agent process: started by `posix_spawn` in a process group of its own, standard input from
/// a file (the prompt) or `/dev/null`, standard output and error appended to its run's log.
public struct AgentProcess: Sendable {
  /// What to start.
  public struct Launch: Sendable, Hashable {
    public var executable: String
    public var arguments: [String]
    public var directory: String
    /// The whole environment (nothing is inherited implicitly).
    public var environment: [String: String]
    /// Standard input: this file, else `/dev/null`.
    public var inputFile: String?
    /// Standard output and standard error, appended.
    public var logFile: String

    public init(
      executable: String, arguments: [String], directory: String, environment: [String: String],
      inputFile: String? = nil, logFile: String
    ) {
      self.executable = executable
      self.arguments = arguments
      self.directory = directory
      self.environment = environment
      self.inputFile = inputFile
      self.logFile = logFile
    }
  }

  /// How it ended.
  public enum Termination: Sendable, Hashable {
    case exited(Int32)
    case signaled(Int32)
  }

  /// Its pid, which is also its process group's id.
  public let pid: Int32

  /// Starts it; `LAUNCH_FAILED` when it cannot be started at all.
  public static func start(_ launch: Launch) throws -> AgentProcess {
    let executable = try resolve(launch.executable, in: launch.directory, path: launch.environment["PATH"])
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    ChildProcess.startInOwnGroup(&attributes)
    guard CJitSystem.posix_spawn_file_actions_addchdir_np(&actions, launch.directory) == 0 else {
      throw DispatchError(.launchFailed, "cannot change to \(launch.directory)")
    }
    posix_spawn_file_actions_addopen(&actions, 0, launch.inputFile ?? "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, launch.logFile, O_WRONLY | O_CREAT | O_APPEND, 0o644)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    // Nothing else of the dispatcher's (its index, locks, whatever its parent left open) goes along.
    CJitSystem.posix_spawn_file_actions_addclosefrom_np(&actions, 3)
    let argv = [launch.executable] + launch.arguments
    let envp = launch.environment.keys.sorted().map { "\($0)=\(launch.environment[$0] ?? "")" }
    let argvPointers = argv.map { strdup($0) } + [nil]
    let envPointers = envp.map { strdup($0) } + [nil]
    defer { for pointer in argvPointers + envPointers { free(pointer) } }
    var pid: pid_t = 0
    var status = posix_spawn(&pid, executable, &actions, &attributes, argvPointers, envPointers)
    for _ in 0..<25 where status == ETXTBSY {
      usleep(40_000)
      status = posix_spawn(&pid, executable, &actions, &attributes, argvPointers, envPointers)
    }
    guard status == 0 else {
      throw DispatchError(
        .launchFailed, "cannot start \(launch.executable): \(String(cString: strerror(status)))")
    }
    return AgentProcess(pid: pid)
  }

  public init(pid: Int32) { self.pid = pid }

  /// `command` as a path: with a `/`, relative to the run's directory; else searched in `path`.
  static func resolve(_ command: String, in directory: String, path: String?) throws -> String {
    if command.contains("/") {
      return command.hasPrefix("/") ? command : directory + "/" + command
    }
    for entry in (path ?? "/usr/bin:/bin").split(separator: ":") {
      let candidate = String(entry) + "/" + command
      if access(candidate, X_OK) == 0 { return candidate }
    }
    throw DispatchError(.launchFailed, "cannot start \(command): not found in PATH")
  }

  /// How it ended, if it has (reaps it); never blocks.
  public func poll() -> Termination? {
    var status: Int32 = 0
    let got = waitpid(pid, &status, WNOHANG)
    guard got == pid else { return nil }
    let signal = status & 0x7f
    return signal == 0 ? .exited((status >> 8) & 0xff) : .signaled(signal)
  }

  /// Sends `signal` to its whole process group.
  public func signalGroup(_ signal: Int32) { _ = kill(-pid, signal) }

  /// Whether anything of its process group is still alive.
  public var groupAlive: Bool { kill(-pid, 0) == 0 }

  /// Stops the whole group: SIGTERM, up to `grace` seconds, then SIGKILL; returns how the leader
  /// ended (nil if it had been reaped before: `reaped`, or not a child of this process).
  public func stop(grace: Double, reaped: Bool = false) async -> Termination? {
    signalGroup(SIGTERM)
    var ended = reaped ? nil : poll()
    var leaderGone = reaped || ended != nil
    let deadline = ContinuousClock.now + .milliseconds(Int64(grace * 1000))
    while ContinuousClock.now < deadline {
      if !leaderGone {
        ended = poll()
        leaderGone = ended != nil || (kill(pid, 0) != 0 && errno == ESRCH)
      }
      if leaderGone && !groupAlive { return ended }
      try? await Task.sleep(for: .milliseconds(20))
    }
    signalGroup(SIGKILL)
    while ended == nil && !leaderGone {
      ended = poll()
      if ended == nil {
        if kill(pid, 0) != 0 && errno == ESRCH { break }
        try? await Task.sleep(for: .milliseconds(10))
      }
    }
    return ended
  }

  /// Whether `pid` names a live process (of any user).
  /// A zombie (dead, not yet reaped: its parent may be an init that reaps late, as in some
  /// containers) is not alive, though `kill(pid, 0)` still finds it.
  public static func alive(_ pid: Int32) -> Bool {
    guard pid > 0, kill(pid, 0) == 0 || errno == EPERM else { return false }
    guard let state = statFields(pid)?.first else { return true }
    return state != "Z" && state != "X"
  }

  /// Whether `pid` names a live process that started at `start` (`startTime`): a pid reused by a
  /// later process is not the one recorded. Without a recorded start, the pid alone decides.
  public static func alive(_ pid: Int32, startedAt start: UInt64?) -> Bool {
    guard alive(pid) else { return false }
    guard let start, let now = startTime(pid) else { return true }
    return now == start
  }

  /// When `pid` started, in clock ticks after boot (field 22 of `/proc/<pid>/stat`); nil when it
  /// cannot be read (gone, or no `/proc`).
  public static func startTime(_ pid: Int32) -> UInt64? {
    // fields[0] is field 3 (the state), so field 22 is fields[19].
    guard let fields = statFields(pid), fields.count > 19 else { return nil }
    return UInt64(fields[19])
  }

  /// The fields of `/proc/<pid>/stat` from the third (the state) on; nil when it cannot be read.
  static func statFields(_ pid: Int32) -> [Substring]? {
    guard let bytes = try? FileSystem.read("/proc/\(pid)/stat") else { return nil }
    let text = String(decoding: bytes, as: UTF8.self)
    // The command name (field 2) is in parentheses and may hold spaces: count from the last ')'.
    guard let close = text.lastIndex(of: ")") else { return nil }
    return text[text.index(after: close)...].split(separator: " ")
  }
}

import JitSystem

/// Runs a child process with `posix_spawn` in its own process group, collects its output without
/// blocking on any one pipe, and kills the whole group when it runs out of time (or leaves
/// background processes holding its pipes after it exits).
public enum ChildProcess {
  /// The most output kept per stream; earlier bytes are dropped.
  public static let outputLimit = 1 << 20

  /// How a short shell script ended: its exit status, standard output and standard error.
  public struct ScriptResult: Sendable {
    public var status: Int32
    public var output: String
    public var error: String
  }

  /// Runs `/bin/sh -c script` with `arguments` as `$1`... in `directory`, with `input` on standard
  /// input (or `/dev/null`), for at most a minute; nil if it could not run or did not exit.
  public static func script(
    _ script: String, _ arguments: [String], in directory: String, environment: [String: String],
    input: String? = nil
  ) -> ScriptResult? {
    let launch = ProcessLaunch(
      executable: "/bin/sh", arguments: ["-c", script, "sh"] + arguments, directory: directory,
      environment: environment, input: input.map { Array($0.utf8) }, timeout: 60, mergeStandardError: false)
    guard let result = try? run(launch), case .exited(let status) = result.termination else { return nil }
    return ScriptResult(
      status: status, output: String(decoding: result.output, as: UTF8.self),
      error: String(decoding: result.errorOutput, as: UTF8.self))
  }

  /// Sets `attributes` so that the child starts in a process group of its own (so that a timeout or
  /// a stop can kill every descendant), with every signal at its default and none blocked.
  public static func startInOwnGroup(_ attributes: inout posix_spawnattr_t) {
    var defaults = sigset_t()
    sigfillset(&defaults)
    var empty = sigset_t()
    sigemptyset(&empty)
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setsigmask(&attributes, &empty)
    posix_spawnattr_setpgroup(&attributes, 0)
    posix_spawnattr_setflags(
      &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
  }

  /// Runs the process to its end. Throws `CHECKER_ERROR` when it cannot be started at all.
  public static func run(_ launch: ProcessLaunch) throws -> ProcessResult {
    var fileActions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&fileActions)
    defer { posix_spawn_file_actions_destroy(&fileActions) }
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }

    Self.startInOwnGroup(&attributes)

    guard Self.addChangeDirectory(&fileActions, launch.directory) == 0 else {
      throw startError(launch, "cannot change to \(launch.directory)")
    }
    let output = try Pipe()
    let errors = launch.mergeStandardError ? nil : try Pipe()
    let input = launch.input == nil ? nil : try Pipe()
    defer {
      output.closeBoth()
      errors?.closeBoth()
      input?.closeBoth()
    }
    if let input {
      posix_spawn_file_actions_adddup2(&fileActions, input.read, 0)
    } else {
      posix_spawn_file_actions_addopen(&fileActions, 0, "/dev/null", O_RDONLY, 0)
    }
    posix_spawn_file_actions_adddup2(&fileActions, output.write, 1)
    posix_spawn_file_actions_adddup2(&fileActions, errors?.write ?? output.write, 2)

    // The child runs in its own process group, so a Ctrl-C at the terminal does not reach it. Hold
    // SIGINT, SIGTERM and SIGHUP on this thread while it runs: when one arrives, kill the child's group,
    // then let the signal take its course when the mask is restored.
    var interrupts = Self.interruptSignals
    var previousMask = sigset_t()
    pthread_sigmask(SIG_BLOCK, &interrupts, &previousMask)
    defer { pthread_sigmask(SIG_SETMASK, &previousMask, nil) }

    let argv = [launch.executable] + launch.arguments
    let envp = launch.environment.keys.sorted().map { "\($0)=\(launch.environment[$0] ?? "")" }
    let started = monotonicMilliseconds()
    var pid: pid_t = 0
    let argvPointers = argv.map { strdup($0) } + [nil]
    let envPointers = envp.map { strdup($0) } + [nil]
    defer {
      for pointer in argvPointers + envPointers { free(pointer) }
    }
    var status = posix_spawn(&pid, launch.executable, &fileActions, &attributes, argvPointers, envPointers)
    // ETXTBSY: another thread's child briefly holds the executable open for writing (a just-written
    // script, inherited across fork); it clears within moments.
    for _ in 0..<25 where status == ETXTBSY {
      usleep(40_000)
      status = posix_spawn(&pid, launch.executable, &fileActions, &attributes, argvPointers, envPointers)
    }
    guard status == 0 else { throw startError(launch, String(cString: strerror(status))) }

    output.closeWrite()
    errors?.closeWrite()
    input?.closeRead()
    var collector = Collector(
      output: output.read, errors: errors?.read, input: input?.takeWrite(), pending: launch.input ?? [])
    let termination = collector.run(
      pid: pid, deadline: started + Int64(launch.timeout * 1000), interrupts: interrupts)
    collector.closeInput()
    collector.keepLastBytes()
    return ProcessResult(
      termination: termination, output: collector.outputBytes, errorOutput: collector.errorBytes,
      outputTruncated: collector.outputTruncated, durationMs: monotonicMilliseconds() - started)
  }

  /// The signals that would end jit early: SIGINT, SIGTERM and SIGHUP, unless ignored (as `nohup`
  /// ignores SIGHUP).
  static var interruptSignals: sigset_t {
    var set = sigset_t()
    sigemptyset(&set)
    for signal in [SIGINT, SIGTERM, SIGHUP] {
      var action = sigaction()
      sigaction(signal, nil, &action)
      let ignored = unsafeBitCast(action.__sigaction_handler.sa_handler, to: Int.self) == 1  // SIG_IGN
      if !ignored { sigaddset(&set, signal) }
    }
    return set
  }

  /// Whether one of `signals` is waiting to be delivered.
  static func interruptPending(_ signals: sigset_t) -> Bool {
    var pending = sigset_t()
    var watched = signals
    sigpending(&pending)
    return [SIGINT, SIGTERM, SIGHUP].contains {
      sigismember(&pending, $0) == 1 && sigismember(&watched, $0) == 1
    }
  }

  static func monotonicMilliseconds() -> Int64 {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
  }

  private static func startError(_ launch: ProcessLaunch, _ reason: String) -> JitError {
    JitError(
      .checkerError, "cannot start \(launch.executable): \(reason)",
      details: ["executable": .string(launch.executable), "reason": .string(reason)])
  }

  /// `posix_spawn_file_actions_addchdir_np` (glibc 2.29+, musl 1.1.24+, macOS 10.15+).
  private static func addChangeDirectory(
    _ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ path: UnsafePointer<CChar>
  ) -> Int32 {
    return CJitSystem.posix_spawn_file_actions_addchdir_np(actions, path)
  }
}

/// A pipe whose two ends are closed at most once.
private final class Pipe {
  private(set) var read: Int32
  private(set) var write: Int32

  init() throws {
    var ends: [Int32] = [0, 0]
    // pipe2 sets close-on-exec atomically, so a child spawned by another thread never inherits these.
    let made = Self.makePipe(&ends)
    guard made == 0 else {
      throw JitError(.checkerError, "cannot make a pipe: \(String(cString: strerror(errno)))")
    }
    read = ends[0]
    write = ends[1]
    for fd in ends { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
  }

  /// `pipe2`, which sets close-on-exec atomically (Linux); elsewhere `pipe`, then `fcntl`.
  private static func makePipe(_ ends: inout [Int32]) -> Int32 {
    return CJitSystem.pipe2(&ends, O_CLOEXEC)
  }

  func closeRead() {
    if read >= 0 { close(read) }
    read = -1
  }

  func closeWrite() {
    if write >= 0 { close(write) }
    write = -1
  }

  /// Hands over the write end: the caller closes it.
  func takeWrite() -> Int32 {
    defer { write = -1 }
    return write
  }

  func closeBoth() {
    closeRead()
    closeWrite()
  }
}

/// Feeds the child's input and drains its output with `poll`, until the child has exited and its
/// pipes are closed, or its time is up.
private struct Collector {
  var output: Int32
  var errors: Int32?
  var input: Int32?
  var pending: [UInt8]
  var outputBytes: [UInt8] = []
  var errorBytes: [UInt8] = []
  /// Whether standard output passed the limit (standard error's size never invalidates an answer).
  var outputTruncated = false
  var errorsTruncated = false

  init(output: Int32, errors: Int32?, input: Int32?, pending: [UInt8]) {
    self.output = output
    self.errors = errors
    self.input = input
    self.pending = pending
    for fd in [output, errors, input].compactMap({ $0 }) {
      _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
    }
    if pending.isEmpty, let fd = input {
      close(fd)
      self.input = nil
    }
  }

  /// How long the pipes may stay open after the child exits (background processes) before the
  /// group is killed.
  static let graceMs: Int64 = 300

  mutating func run(pid: pid_t, deadline: Int64, interrupts: sigset_t) -> ProcessResult.Termination {
    var exit: ProcessResult.Termination?
    var exitedAt: Int64 = 0
    var outputOpen = true
    var errorsOpen = errors != nil
    while true {
      let now = ChildProcess.monotonicMilliseconds()
      if exit == nil {
        var status: Int32 = 0
        if waitpid(pid, &status, WNOHANG) == pid {
          exit = Self.termination(status)
          exitedAt = now
        }
      }
      if let exit, !outputOpen && !errorsOpen {
        return exit
      }
      if let exit, now - exitedAt > Self.graceMs {
        kill(-pid, SIGKILL)  // background processes still hold the pipes
        return exit
      }
      let interrupted = exit == nil && ChildProcess.interruptPending(interrupts)
      if exit == nil && (now >= deadline || interrupted) {
        kill(-pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return interrupted ? .interrupted : .timedOut
      }
      var fds: [pollfd] = []
      if outputOpen { fds.append(pollfd(fd: output, events: Int16(POLLIN), revents: 0)) }
      if errorsOpen, let errors { fds.append(pollfd(fd: errors, events: Int16(POLLIN), revents: 0)) }
      if let input { fds.append(pollfd(fd: input, events: Int16(POLLOUT), revents: 0)) }
      let wait = Int32(max(1, min(50, exit == nil ? deadline - now : Self.graceMs)))
      if fds.isEmpty {
        usleep(UInt32(wait) * 1000)
        continue
      }
      guard poll(&fds, nfds_t(fds.count), wait) > 0 else { continue }
      for entry in fds where entry.revents != 0 {
        if entry.fd == input {
          feedInput()
        } else if entry.fd == output {
          outputOpen = drain(output, into: &outputBytes, truncated: &outputTruncated)
        } else if entry.fd == errors {
          errorsOpen = drain(entry.fd, into: &errorBytes, truncated: &errorsTruncated)
        }
      }
    }
  }

  /// Cuts each stream to its last `outputLimit` bytes, noting which ones were longer.
  mutating func keepLastBytes() {
    let limit = ChildProcess.outputLimit
    if outputBytes.count > limit {
      outputBytes.removeFirst(outputBytes.count - limit)
      outputTruncated = true
    }
    if errorBytes.count > limit {
      errorBytes.removeFirst(errorBytes.count - limit)
      errorsTruncated = true
    }
  }

  /// Reads what is available; returns false at end of file.
  private func drain(_ fd: Int32, into bytes: inout [UInt8], truncated: inout Bool) -> Bool {
    var buffer = [UInt8](repeating: 0, count: 65_536)
    while true {
      let got = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
      if got > 0 {
        bytes.append(contentsOf: buffer[0..<got])
        // Keep the last `outputLimit` bytes, trimming only at twice the limit so that a checker
        // printing a lot is not charged a shift of the whole buffer on every read.
        if bytes.count > 2 * ChildProcess.outputLimit {
          bytes.removeFirst(bytes.count - ChildProcess.outputLimit)
          truncated = true
        }
        continue
      }
      if got < 0 && (errno == EAGAIN || errno == EINTR) { return true }
      return false
    }
  }

  /// Closes the child's input if it is still open (the child ended before reading all of it).
  mutating func closeInput() {
    if let fd = input { close(fd) }
    input = nil
  }

  private mutating func feedInput() {
    guard let fd = input else { return }
    // A child that exits without reading its input makes the write fail with EPIPE and raise SIGPIPE,
    // which would kill jit: block it on this thread for the write and discard the one it raised.
    var pipeSignal = sigset_t()
    sigemptyset(&pipeSignal)
    sigaddset(&pipeSignal, SIGPIPE)
    var previous = sigset_t()
    pthread_sigmask(SIG_BLOCK, &pipeSignal, &previous)
    let wrote = pending.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
    let failure = wrote < 0 ? errno : 0
    if failure == EPIPE {
      var raised = sigset_t()
      sigpending(&raised)
      var immediately = timespec()
      if sigismember(&raised, SIGPIPE) == 1 { _ = sigtimedwait(&pipeSignal, nil, &immediately) }
    }
    pthread_sigmask(SIG_SETMASK, &previous, nil)
    if wrote > 0 { pending.removeFirst(wrote) }
    if pending.isEmpty || (wrote < 0 && failure != EAGAIN && failure != EINTR) {
      close(fd)
      input = nil
    }
  }

  private static func termination(_ status: Int32) -> ProcessResult.Termination {
    let signal = status & 0x7f
    return signal == 0 ? .exited((status >> 8) & 0xff) : .signaled(signal)
  }
}

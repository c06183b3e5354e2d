import Foundation

/// Runs a built executable with raw bytes for its arguments and environment (so that a test can
/// hand it bytes that are not UTF-8) and a deadline, and says how it ended: its exit status, the
/// signal that killed it, or that it was killed for running past the deadline.
public enum BoundedProcess {
  public struct Outcome: Sendable {
    /// The exit status, when it exited.
    public var status: Int32?
    /// The signal that ended it, when one did (not counting the test's own kill on a timeout).
    public var signal: Int32?
    /// Whether it was still running at the deadline (and was killed).
    public var timedOut: Bool
    public var stdout: [UInt8]
    public var stderr: [UInt8]
    public var seconds: Double

    public init(
      status: Int32?, signal: Int32?, timedOut: Bool, stdout: [UInt8], stderr: [UInt8], seconds: Double
    ) {
      self.status = status
      self.signal = signal
      self.timedOut = timedOut
      self.stdout = stdout
      self.stderr = stderr
      self.seconds = seconds
    }

    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }

    /// The outcome as a harness result (signal and timeout as status -1).
    public var result: CommandResult {
      CommandResult(status: status ?? -1, stdout: stdoutText, stderr: stderrText)
    }
  }

  /// Runs `executable` with `arguments` (each a byte string without NUL) in `directory`, with exactly
  /// `environment` (each `NAME=value` bytes), stdin from `/dev/null`; kills it after `timeout` seconds.
  public static func run(
    _ executable: String, _ arguments: [[UInt8]], in directory: String, environment: [[UInt8]],
    timeout: Double
  ) throws -> Outcome {
    var out: [Int32] = [-1, -1]
    var err: [Int32] = [-1, -1]
    guard pipe(&out) == 0, pipe(&err) == 0 else { throw HarnessError("pipe failed") }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_adddup2(&actions, out[1], 1)
    posix_spawn_file_actions_adddup2(&actions, err[1], 2)
    posix_spawn_file_actions_addclose(&actions, out[0])
    posix_spawn_file_actions_addclose(&actions, err[0])
    // The working directory through env(1), which then becomes the program (same pid): glibc's
    // posix_spawn_file_actions_addchdir_np is not visible to Swift here.
    let launcher = "/usr/bin/env"
    let argv =
      [Array(launcher.utf8), Array("-C".utf8), Array(directory.utf8), Array(executable.utf8)] + arguments
    func cStrings(_ list: [[UInt8]]) -> [UnsafeMutablePointer<CChar>?] {
      list.map { bytes in
        let pointer = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count + 1)
        for (index, byte) in bytes.enumerated() { pointer[index] = CChar(bitPattern: byte) }
        pointer[bytes.count] = 0
        return pointer
      } + [nil]
    }
    let cArguments = cStrings(argv)
    let cEnvironment = cStrings(environment)
    defer {
      for pointer in cArguments + cEnvironment { pointer?.deallocate() }
    }
    let started = Date()
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, launcher, &actions, nil, cArguments, cEnvironment)
    close(out[1])
    close(err[1])
    guard spawned == 0 else {
      close(out[0])
      close(err[0])
      throw HarnessError("cannot start \(executable): \(String(cString: strerror(spawned)))")
    }
    var stdout: [UInt8] = []
    var stderr: [UInt8] = []
    var open = [out[0], err[0]]
    var timedOut = false
    var buffer = [UInt8](repeating: 0, count: 65_536)
    while !open.isEmpty {
      let left = timeout - Date().timeIntervalSince(started)
      if left <= 0 {
        timedOut = true
        kill(pid, SIGKILL)
        break
      }
      var polls = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
      let ready = poll(&polls, nfds_t(polls.count), Int32(min(left, 1) * 1000) + 1)
      if ready < 0 && errno != EINTR { break }
      for entry in polls where entry.revents != 0 {
        let count = buffer.withUnsafeMutableBytes { Glibc.read(entry.fd, $0.baseAddress, $0.count) }
        if count > 0 {
          if entry.fd == out[0] {
            stdout.append(contentsOf: buffer[0..<count])
          } else {
            stderr.append(contentsOf: buffer[0..<count])
          }
        } else if count == 0 || (count < 0 && errno != EINTR && errno != EAGAIN) {
          open.removeAll { $0 == entry.fd }
        }
      }
    }
    close(out[0])
    close(err[0])
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    let seconds = Date().timeIntervalSince(started)
    let exited = status & 0x7f == 0
    return Outcome(
      status: exited ? (status >> 8) & 0xff : nil,
      signal: exited || timedOut ? nil : status & 0x7f, timedOut: timedOut, stdout: stdout, stderr: stderr,
      seconds: seconds)
  }

  /// `run` with text arguments and environment.
  public static func run(
    _ executable: String, _ arguments: [String], in directory: String, environment: [String: String],
    timeout: Double
  ) throws -> Outcome {
    try run(
      executable, arguments.map { Array($0.utf8) }, in: directory,
      environment: environment.sorted { $0.key < $1.key }.map { Array("\($0.key)=\($0.value)".utf8) },
      timeout: timeout)
  }
}

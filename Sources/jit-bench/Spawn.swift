import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// One run of a process: wall time and peak memory, measured as the user's shell would see them.
struct Measurement {
  var status: Int32
  var seconds: Double
  /// Peak resident set size in bytes (`ru_maxrss` from `wait4`).
  var peakBytes: Int
}

enum Spawn {
  /// Runs `arguments` in the current directory with `environment`, stdout to `stdoutPath` (or /dev/null),
  /// stderr to /dev/null, and waits for it.
  static func run(
    _ arguments: [String], environment: [String: String], stdoutPath: String? = nil
  ) -> Measurement {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    if let stdoutPath {
      posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
    } else {
      posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    }
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    let argv = arguments.map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
      for pointer in argv { free(pointer) }
      for pointer in envp { free(pointer) }
    }
    var pid: pid_t = 0
    let clock = ContinuousClock()
    let start = clock.now
    guard posix_spawn(&pid, arguments[0], &actions, nil, argv, envp) == 0 else {
      return Measurement(status: -1, seconds: 0, peakBytes: 0)
    }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
    let elapsed = clock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let exit = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    return Measurement(status: exit, seconds: seconds, peakBytes: usage.ru_maxrss * 1024)
  }
}

import Foundation
import JitSystem

/// One run of a process: wall time and peak memory, measured as the user's shell would see them.
struct Measurement {
  var status: Int32
  var seconds: Double
  /// Peak resident set size in bytes (`ru_maxrss` of the command alone, see `Spawn`).
  var peakBytes: Int
}

enum Spawn {
  /// `jit-measure`, built next to jit-bench: it forks the command from its own small address space
  /// and reports the status, wall time and peak memory. (A child that jit-bench spawned itself would
  /// start in jit-bench's address space, and Linux would count that space's peak into the child's.)
  static let measurer: String = {
    let own =
      (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
      ?? CommandLine.arguments[0]
    return URL(fileURLWithPath: own).deletingLastPathComponent().appendingPathComponent("jit-measure").path
  }()

  /// Runs `arguments` in the current directory with `environment`, stdout to `stdoutPath` (or /dev/null),
  /// stderr to /dev/null, and waits for it.
  static func run(
    _ arguments: [String], environment: [String: String], stdoutPath: String? = nil
  ) -> Measurement {
    let report = NSTemporaryDirectory() + "/jit-bench-\(getpid())-\(UUID().uuidString)"
    defer { unlink(report) }
    let status = start([measurer, report, stdoutPath ?? "-"] + arguments, environment: environment)
    guard
      status == 0, let line = try? String(contentsOfFile: report, encoding: .utf8),
      case let fields = line.split(separator: " ").compactMap({
        Int($0.trimmingCharacters(in: .whitespacesAndNewlines))
      }),
      fields.count == 3
    else {
      return Measurement(status: -1, seconds: 0, peakBytes: 0)
    }
    return Measurement(
      status: Int32(fields[0]), seconds: Double(fields[1]) / 1e9, peakBytes: fields[2] * 1024)
  }

  /// Runs `arguments` directly (no measurement: the race counts claims, and an extra process per
  /// claim would slow it), stdout to `stdoutPath`; returns the exit status.
  static func start(_ arguments: [String], environment: [String: String], stdoutPath: String? = nil) -> Int32
  {
    let command = arguments
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
    let argv = command.map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
      for pointer in argv { free(pointer) }
      for pointer in envp { free(pointer) }
    }
    var pid: pid_t = 0
    guard posix_spawn(&pid, command[0], &actions, nil, argv, envp) == 0 else { return -1 }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
  }
}

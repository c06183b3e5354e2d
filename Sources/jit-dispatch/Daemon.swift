import Foundation
import JitCore
import JitDispatch
import JitSystem

/// `start --daemon`: the same command again, detached (a new session, output to daemon.log), which
/// takes an exclusive lock on the pid file so a second daemon on the repository is refused.
enum Daemon {
  struct Lock {
    let fd: Int32
    let path: String
    func release() {
      try? FileSystem.remove(path)
      close(fd)
    }
  }

  static func acquire(_ folder: RunFolder) throws -> Lock {
    try folder.prepare()
    let fd = open(folder.pidFile, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw DispatchError(.alreadyRunning, "cannot open \(folder.pidFile)") }
    guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
      let pid = (try? FileSystem.read(folder.pidFile)).map { String(decoding: $0, as: UTF8.self) } ?? "?"
      close(fd)
      throw DispatchError(
        .alreadyRunning,
        "a jit-dispatch daemon already serves this repository (pid \(pid.trimmingCharacters(in: .whitespacesAndNewlines)))"
      )
    }
    ftruncate(fd, 0)
    let text = "\(getpid())\n"
    _ = text.withCString { write(fd, $0, strlen($0)) }
    return Lock(fd: fd, path: folder.pidFile)
  }

  /// Whether a daemon holds the lock now.
  static func running(_ folder: RunFolder) -> Int32? {
    let fd = open(folder.pidFile, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    guard flock(fd, LOCK_SH | LOCK_NB) != 0 else { return nil }
    let text = (try? FileSystem.read(folder.pidFile)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
  }

  static func spawn(folder: RunFolder, arguments: [String]) throws -> Int32 {
    if let pid = running(folder) {
      throw DispatchError(
        .alreadyRunning, "a jit-dispatch daemon already serves this repository (pid \(pid))")
    }
    try folder.prepare()
    let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
    var argv = arguments
    argv[0] = executable
    argv.append("--daemon-child")
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, folder.daemonLog, O_WRONLY | O_CREAT | O_APPEND, 0o644)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    // Detached: it keeps none of the caller's descriptors (a caller waiting for their end would
    // wait for the daemon's).
    CJitSystem.posix_spawn_file_actions_addclosefrom_np(&actions, 3)
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    // POSIX_SPAWN_SETSID (glibc 2.26+), which the Glibc module hides: a session of its own.
    posix_spawnattr_setflags(&attributes, Int16(0x80))
    let argvPointers = argv.map { strdup($0) } + [nil]
    defer { for pointer in argvPointers { free(pointer) } }
    var pid: pid_t = 0
    let status = posix_spawn(&pid, executable, &actions, &attributes, argvPointers, environ)
    guard status == 0 else {
      throw DispatchError(.launchFailed, "cannot start the daemon: \(String(cString: strerror(status)))")
    }
    // Wait until it holds the lock (or died), so the caller can rely on the pid file.
    for _ in 0..<100 {
      if running(folder) != nil { return pid }
      var code: Int32 = 0
      if waitpid(pid, &code, WNOHANG) == pid {
        throw DispatchError(.alreadyRunning, "the daemon exited at once; see \(folder.daemonLog)")
      }
      usleep(50_000)
    }
    return pid
  }
}

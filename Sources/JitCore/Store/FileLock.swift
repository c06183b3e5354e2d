import FoundationEssentials
import JitSystem

/// An advisory lock on `.jit/.lock` with `flock(2)`, which excludes other processes (and other
/// descriptors in this one). Every read-check-write mutation holds the exclusive lock throughout.
public struct FileLock: Sendable {
  public enum Mode: Sendable {
    case shared, exclusive
  }

  public let path: String
  /// How long to wait for the lock before giving up with `LOCK_TIMEOUT`.
  public let timeout: Duration

  public init(path: String, timeout: Duration = .seconds(30)) {
    self.path = path
    self.timeout = timeout
  }

  /// Runs `body` while holding the lock. Never hold it across an `await`.
  ///
  /// On a read-only `.jit/` (a checkout on a read-only mount, a directory without write
  /// permission) the shared lock is taken on a read-only descriptor, which `flock` allows; if the
  /// lock file does not exist and cannot be made, nobody can hold it, and `body` runs without it.
  /// The exclusive lock needs a writable file: without one it is an `IO_ERROR` saying so.
  public func withLock<T>(_ mode: Mode = .exclusive, _ body: () throws -> T) throws -> T {
    // Never through a link (a committed `.lock` pointing elsewhere would have it created there).
    var fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0o644)
    if fd < 0, errno == ELOOP {
      throw JitError(
        .ioError,
        "\(path) is a symbolic link: the lock file must be a plain file; delete it (jit makes it again)",
        details: ["path": .string(path), "refused": "a symbolic link"])
    }
    if fd < 0, errno == EACCES || errno == EROFS || errno == EPERM {
      let reason = String(cString: strerror(errno))
      guard mode == .shared else {
        throw JitError(
          .ioError,
          "\(path): \(reason): this command writes, and the repository cannot be written here "
            + "(a read-only checkout?); commands that only read still work",
          details: ["path": .string(path), "reason": .string(reason)])
      }
      fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
      if fd < 0, errno == ENOENT { return try body() }  // no lock file, and none can be made
    }
    guard fd >= 0 else { throw JitError.io(String(cString: strerror(errno)), path: path) }
    defer { close(fd) }  // closing the descriptor releases the lock
    let operation = mode == .exclusive ? LOCK_EX : LOCK_SH
    if flock(fd, operation | LOCK_NB) != 0 {
      guard errno == EWOULDBLOCK || errno == EINTR else {
        throw JitError.io(String(cString: strerror(errno)), path: path)
      }
      try LockWaiter.wait(fd: fd, operation: operation, timeout: timeout, path: path)
    }
    return try body()
  }
}

/// Waits in the kernel for a contended lock, with a deadline (flock itself has none).
///
/// A helper thread blocks in `flock` on a duplicate of the descriptor, which shares the lock with
/// it, and reports through a socket pair; the caller waits on its end with `poll` and a timeout. So
/// a waiter sleeps until the lock is released instead of polling it, which leaves the CPU to the
/// holder when many processes race, and no signal is involved (a test host has many threads). On a
/// timeout the caller closes its descriptor; if the helper gets the lock later, it closes the
/// duplicate at once, which releases it.
enum LockWaiter {
  final class Request {
    let fd: Int32
    let operation: Int32
    let reply: Int32
    init(fd: Int32, operation: Int32, reply: Int32) {
      self.fd = fd
      self.operation = operation
      self.reply = reply
    }
  }

  static func wait(fd: Int32, operation: Int32, timeout: Duration, path: String) throws {
    func failure(_ code: Int32) -> JitError { JitError.io(String(cString: strerror(code)), path: path) }
    func timedOut() -> JitError {
      JitError(
        .lockTimeout, "another jit process held \(path) for longer than \(timeout); try again",
        details: ["path": .string(path)])
    }
    guard timeout > .zero else { throw timedOut() }
    let clock = ContinuousClock()
    let deadline = clock.now.advanced(by: timeout)
    var pair: [Int32] = [-1, -1]
    let streamType = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
    guard socketpair(AF_UNIX, streamType, 0, &pair) == 0 else { throw failure(errno) }
    defer { close(pair[0]) }
    let duplicate = fcntl(fd, F_DUPFD_CLOEXEC, 0)
    guard duplicate >= 0 else {
      close(pair[1])
      throw failure(errno)
    }
    let request = Unmanaged.passRetained(Request(fd: duplicate, operation: operation, reply: pair[1]))
    guard startHelper(request) else {
      // No thread to spare: fall back to trying again every millisecond or so.
      request.release()
      close(duplicate)
      close(pair[1])
      while flock(fd, operation | LOCK_NB) != 0 {
        guard errno == EWOULDBLOCK || errno == EINTR else { throw failure(errno) }
        guard clock.now < deadline else { throw timedOut() }
        usleep(1_000)
      }
      return
    }
    var answer = pollfd(fd: pair[0], events: Int16(POLLIN), revents: 0)
    while true {
      let left = clock.now.duration(to: deadline)
      guard left > .zero else { throw timedOut() }
      let milliseconds =
        left.components.seconds * 1_000 + left.components.attoseconds / 1_000_000_000_000_000 + 1
      let ready = poll(&answer, 1, Int32(clamping: milliseconds))
      if ready > 0 { break }
      if ready < 0 && errno != EINTR { throw failure(errno) }
    }
    var result: Int32 = -1
    var count = -1
    repeat { count = read(pair[0], &result, MemoryLayout<Int32>.size) } while count < 0 && errno == EINTR
    guard count == MemoryLayout<Int32>.size else { throw failure(EIO) }
    if result != 0 { throw failure(result) }
  }

  /// Starts the detached helper thread; false if no thread could be made.
  static func startHelper(_ request: Unmanaged<Request>) -> Bool {
    var thread = pthread_t()
    guard pthread_create(&thread, nil, waitInKernel, request.toOpaque()) == 0 else { return false }
    pthread_detach(thread)
    return true
  }
}

/// The helper thread: blocks in `flock`, closes its duplicate (the caller's descriptor keeps the
/// lock), and sends 0 or the errno.
private func waitInKernel(_ context: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
  guard let context else { return nil }
  lockInKernel(
    Unmanaged<LockWaiter.Request>.fromOpaque(context).takeRetainedValue(), sendFlags: Int32(MSG_NOSIGNAL))
  return nil
}

private func lockInKernel(_ request: LockWaiter.Request, sendFlags: Int32) {
  var result: Int32 = 0
  while flock(request.fd, request.operation) != 0 {
    if errno != EINTR {
      result = errno
      break
    }
  }
  close(request.fd)
  // The caller may have given up and closed its end: the send then fails, quietly (no SIGPIPE).
  _ = withUnsafeBytes(of: &result) { bytes in send(request.reply, bytes.baseAddress, bytes.count, sendFlags) }
  close(request.reply)
}

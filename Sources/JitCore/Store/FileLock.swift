#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif
#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

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
  public func withLock<T>(_ mode: Mode = .exclusive, _ body: () throws -> T) throws -> T {
    let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw JitError.io(String(cString: strerror(errno)), path: path) }
    defer { close(fd) }  // closing the descriptor releases the lock
    let operation = (mode == .exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB
    let clock = ContinuousClock()
    let deadline = clock.now.advanced(by: timeout)
    // Microseconds, doubled up to 1 ms: a waiter notices a released lock within about a
    // millisecond, which keeps many racing claimers moving (a poll is one cheap syscall).
    var pause: UInt32 = 50
    while flock(fd, operation) != 0 {
      guard errno == EWOULDBLOCK || errno == EINTR else {
        throw JitError.io(String(cString: strerror(errno)), path: path)
      }
      guard clock.now < deadline else {
        throw JitError(
          .lockTimeout,
          "another jit process held \(path) for longer than \(timeout); try again",
          details: ["path": .string(path)])
      }
      usleep(pause + UInt32.random(in: 0...pause))
      pause = min(pause * 2, 1_000)
    }
    return try body()
  }
}

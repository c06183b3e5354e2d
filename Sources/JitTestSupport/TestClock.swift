import JitCore
import Synchronization

/// A clock that moves one millisecond per reading, from a fixed start.
public final class TestClock: Sendable {
  let now: Mutex<Int64>

  public init(start: Int64 = 1_700_000_000_000) { now = Mutex(start) }

  /// Moves the clock on by `milliseconds` (a lease running out, say).
  public func advance(_ milliseconds: Int64) { now.withLock { $0 += milliseconds } }

  public func tick() -> Timestamp {
    Timestamp(
      millisecondsSince1970: now.withLock {
        $0 += 1
        return $0
      })
  }
}

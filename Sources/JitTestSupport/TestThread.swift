import Foundation
import Synchronization

/// A thread of its own (not a pool's), for tests that need many really concurrent callers.
public final class TestThread: Sendable {
  private let done = DispatchSemaphore(value: 0)
  private let body: @Sendable () -> Void

  public init(_ body: @escaping @Sendable () -> Void) { self.body = body }

  public func start() {
    let thread = Thread { [self] in
      body()
      done.signal()
    }
    thread.stackSize = 1 << 20
    thread.start()
  }

  /// Waits for the body to end, at most `seconds`; whether it ended.
  @discardableResult
  public func wait(seconds: Double) -> Bool {
    done.wait(timeout: .now() + seconds) == .success
  }

  /// Runs `count` bodies on as many threads at once and waits for all of them.
  public static func runAll(_ count: Int, timeout: Double = 120, _ body: @escaping @Sendable (Int) -> Void)
    throws
  {
    let threads = (0..<count).map { index in TestThread { body(index) } }
    for thread in threads { thread.start() }
    for thread in threads where !thread.wait(seconds: timeout) {
      throw HarnessError("a thread did not finish within \(timeout) s")
    }
  }
}

/// A value shared between threads behind a mutex.
public final class Box<Value: Sendable>: Sendable {
  private let storage: Mutex<Value>
  public init(_ value: Value) { storage = Mutex(value) }
  public var value: Value {
    get { storage.withLock { $0 } }
    set { storage.withLock { $0 = newValue } }
  }
  /// Changes the value in place, atomically.
  public func update<T>(_ body: (inout Value) -> T) -> T { storage.withLock { body(&$0) } }
}

import JitSystem
import Synchronization

/// SIGINT and SIGTERM ask a follower to stop at its next poll instead of killing it mid-write.
enum StopSignal {
  private static let flag = Atomic<Bool>(false)
  private struct Saved {
    var handlers: [Int32: sighandler_t?] = [:]
    var mask = sigset_t()
  }
  private static let saved = Mutex(Saved())

  static var requested: Bool { flag.load(ordering: .relaxed) }

  static func install() {
    flag.store(false, ordering: .relaxed)
    saved.withLock { saved in
      for number in [SIGINT, SIGTERM] {
        saved.handlers[number] = signal(number) { _ in StopSignal.flag.store(true, ordering: .relaxed) }
      }
      // A parent may have started us with these signals blocked (some process launchers do).
      var unblock = sigset_t()
      sigemptyset(&unblock)
      sigaddset(&unblock, SIGINT)
      sigaddset(&unblock, SIGTERM)
      pthread_sigmask(SIG_UNBLOCK, &unblock, &saved.mask)
    }
  }

  static func restore() {
    saved.withLock { saved in
      pthread_sigmask(SIG_SETMASK, &saved.mask, nil)
      for (number, handler) in saved.handlers { signal(number, handler) }
      saved.handlers = [:]
    }
  }
}

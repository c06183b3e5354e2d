import ArgumentParser
import JitCore
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

struct EventsTailCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "tail", abstract: "Print the latest events; with --follow, keep printing new ones.",
    discussion: """
      --follow watches .jit/events.jsonl (polling its size every 100 ms) and prints each event as \
      another process appends it, like tail -f. It stops cleanly on Ctrl-C (SIGINT) or SIGTERM, \
      or after --timeout seconds, exiting 0. If the file is replaced or truncated (a git checkout) \
      it is read again from the top, without printing events it printed already.
      """)

  @OptionGroup var global: GlobalOptions
  @Option(name: [.customShort("n"), .long], help: "How many of the latest events to print first.")
  var lines = 10
  @Flag(name: [.short, .long], help: "Keep printing events as they are appended.") var follow = false
  @Option(help: "With --follow: stop after this many seconds.") var timeout: Double?

  func validate() throws {
    if lines < 0 { throw ValidationError("-n must be 0 or more") }
    if let timeout, !(timeout >= 0) { throw ValidationError("--timeout must be 0 or more seconds") }
    if timeout != nil && !follow { throw ValidationError("--timeout needs --follow") }
  }

  func execute(_ context: CommandContext) throws {
    let layout = try context.repository()
    let shownPath = layout.relative(layout.eventsFile)
    var cursor = EventLogCursor(path: layout.eventsFile)
    let first = try cursor.poll(lastLines: lines)
    EventText.warn(first.malformed, path: shownPath, context: context)
    try EventText.print(Array(first.events.suffix(lines)), context: context)
    guard follow else { return }

    let clock = ContinuousClock()
    let deadline = timeout.map { clock.now.advanced(by: .milliseconds(Int64($0 * 1000))) }
    StopSignal.install()
    defer { StopSignal.restore() }
    while !StopSignal.requested {
      if let deadline, clock.now >= deadline { break }
      usleep(100_000)
      let batch = try cursor.poll()
      if batch.restarted {
        context.output.standardError(
          "jit: warning: \(shownPath) was replaced or truncated; reading it again\n")
      }
      EventText.warn(batch.malformed, path: shownPath, context: context)
      try EventText.print(batch.events, context: context)
    }
  }
}

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

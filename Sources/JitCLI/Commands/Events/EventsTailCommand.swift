import ArgumentParser
import JitApp
import JitCore
import JitSystem

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
  @Option(help: "With --follow: stop after this many seconds (decimal, 0 to 31536000).") var timeout:
    DecimalSeconds?

  func validate() throws {
    try OptionRange.check(lines, OptionRange.tailLines, option: "-n")
    try timeout?.check(0...31_536_000, option: "--timeout")
    if timeout != nil && !follow { throw ValidationError("--timeout needs --follow") }
  }

  func execute(_ context: CommandContext) throws {
    let application = try context.application()
    var follower = application.follower(lastLines: lines)
    let shownPath = follower.path.hasPrefix("/") ? application.layout.relative(follower.path) : follower.path
    let first = try follower.poll()
    EventText.warn(first.malformed, path: shownPath, context: context)
    try EventText.print(first.events, context: context)
    guard follow else { return }

    // The follower is polled here rather than iterated as an AsyncSequence. Iterating it would mean
    // a task on the cooperative pool that this synchronous command blocks waiting for, and when the
    // command itself runs on that pool (in-process, as the tests run it) the wait can hold the
    // pool's few threads until other work ends. Ctrl-C (SIGINT) and SIGTERM, which only a process
    // may handle, stop the loop; the follower installs no handler.
    let clock = ContinuousClock()
    let deadline = timeout?.value.map { clock.now.advanced(by: .milliseconds(Int64($0 * 1000))) }
    StopSignal.install()
    defer { StopSignal.restore() }
    while !StopSignal.requested {
      if let deadline, clock.now >= deadline { break }
      try follower.wait(timeout: .milliseconds(100))  // a store's log wakes on its notices
      let batch = try follower.poll()
      if batch.restarted {
        context.output.standardError(
          "jit: warning: \(shownPath) was replaced or truncated; reading it again\n")
      }
      EventText.warn(batch.malformed, path: shownPath, context: context)
      try EventText.print(batch.events, context: context)
    }
  }
}

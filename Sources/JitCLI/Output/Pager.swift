import JitSystem
import Synchronization

/// A command whose human output may be long (lists, queries, `issue show`, trees, events): on a
/// terminal it goes through the pager, as git's does.
protocol LongOutputCommand: ContextCommand {}

/// Standard output kept until the command ends, then written through the pager: `$JIT_PAGER`, else
/// `$PAGER`, else `less -FRX` (which prints a screenful or less as it is, keeps colours, and
/// leaves the text on the screen). Only when standard output is a terminal and the answer is for
/// people; `cat` or an empty pager turns it off, and without `less` the text is printed as it is.
final class PagedOutput: TextOutput {
  let base: any TextOutput
  let command: String
  private let pending = Mutex<String>("")

  /// The pager for this environment, or nil when none is to be used.
  static func command(_ environment: [String: String]) -> String? {
    let chosen = environment["JIT_PAGER"] ?? environment["PAGER"]
    if let chosen {
      let trimmed = chosen.filter { $0 != " " }
      return trimmed.isEmpty || trimmed == "cat" ? nil : chosen
    }
    let path = environment["PATH"] ?? "/usr/bin:/bin"
    let found = path.split(separator: ":").contains { access("\($0)/less", X_OK) == 0 }
    return found ? "less -FRX" : nil
  }

  init(_ base: any TextOutput, command: String) {
    self.base = base
    self.command = command
  }

  var atTerminal: Bool { base.atTerminal }
  var standardOutputIsTerminal: Bool { base.standardOutputIsTerminal }

  func standardError(_ text: String) { base.standardError(text) }
  func standardOutput(_ text: String) { pending.withLock { $0 += text } }

  /// Writes what was kept through the pager, and waits for it to end.
  func finish() {
    let text = pending.withLock { buffer in
      defer { buffer = "" }
      return buffer
    }
    guard !text.isEmpty else { return }
    // A pager that quits early closes the pipe: the rest is dropped, not a SIGPIPE.
    let previous = signal(SIGPIPE, SIG_IGN)
    defer { signal(SIGPIPE, previous) }
    guard let pipe = popen(command, "w") else {
      base.standardOutput(text)
      return
    }
    var bytes = text
    bytes.withUTF8 { buffer in _ = fwrite(buffer.baseAddress, 1, buffer.count, pipe) }
    pclose(pipe)
  }
}

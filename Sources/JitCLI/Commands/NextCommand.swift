import ArgumentParser
import JitCore
import JitWire

/// `jit next`: what the caller should do now, in one call.
struct NextCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "next",
    abstract: "What to do next: your rework or work in progress, else the best ready issue.",
    discussion: """
      For the caller (--by, else $JIT_ACTOR, else human:$USER): an issue it holds with a failed gate \
      (rework), else one it holds in progress, else the most urgent ready issue nobody holds (not \
      claimed: claim it with the command shown), each with the gates it must pass. When nothing is \
      ready, it says why: how many issues are blocked and the blockers that hold the most work. \
      Exits 0 in every case. With --json: {"next": "rework|in_progress|ready|nothing", "actor", \
      "issue", "also_held", "why", "command"}.
      """)

  @OptionGroup var global: GlobalOptions
  @Option(
    help: "Who is asking (type:identifier; a bare name is an agent); default $JIT_ACTOR or human:$USER.")
  var by: String?

  func execute(_ context: CommandContext) throws {
    let work = try context.application().next(by: by)
    let view = NextView(work)
    try context.emit(view) {
      guard let issue = work.issue else {
        return "Nothing ready for \(work.actor): " + (work.nothingReady?.sentence ?? "no open issues")
      }
      let lead =
        switch work.next {
        case "rework": "Rework (a gate failed)"
        case "in_progress": "Continue"
        default: "Take"
        }
      var text = "\(lead): \(IssueText.line(issue))" + IssueText.gatesToPass(work.outlook)
      if !work.alsoHeld.isEmpty {
        text += "\nAlso yours: " + work.alsoHeld.map(\.short).joined(separator: ", ")
      }
      if let command = view.command { text += "\nNext: \(command)" }
      return text
    }
  }
}

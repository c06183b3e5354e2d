import ArgumentParser
import JitCore

struct GateCheckCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "check", abstract: "Run the checkers of an issue's automated gates and record the verdicts.",
    discussion: """
      Runs one gate's checker, or with --all (the default when no key is given) every required \
      automated gate that has a command or plugin. A command runs with /bin/sh -c in the repository \
      root, in its own process group, with JIT_ISSUE_ID, JIT_GATE_KEY and JIT_ISSUE_FILE set; exit 0 \
      passes, non-zero fails. A checker that cannot start or runs past its timeout (its whole \
      process group is killed) is an error that changes no status. Evidence (exit code, duration, \
      the last \(GateChecker.tailLines) lines of output, the git commit) is kept with the gate and in \
      the gate.checked event. Exit 0: all passed; 4 (GATE_FAILED): a gate failed; 10 (CHECKER_ERROR): \
      a checker could not run.
      """)

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The issue: its id or a unique suffix of 4+ characters.") var id: String
  @Argument(help: "The gate to check (default: every automated gate with a checker).") var key: String?
  @Flag(help: "Check every required automated gate that has a checker.") var all = false
  @Option(help: "Who is running the check (type:identifier); default $JIT_ACTOR or human:$USER.") var by:
    String?

  func validate() throws {
    if all && key != nil { throw ValidationError("give a gate key or --all, not both") }
  }

  func execute(_ context: CommandContext) throws {
    let tracker = try context.tracker()
    let report = try tracker.check(id, key: key, by: try context.actor(by), environment: context.environment)
    let view = GateCheckView(report: report)
    switch report.overall {
    case .passed:
      try context.emit(view) { GateText.check(report) }
    case .failed, .error:
      if !context.json { context.output.standardOutput(GateText.check(report)) }
      let failed = report.results.filter { $0.result != .passed }.map(\.gate)
      let error = report.overall == .error
      throw JitError(
        error ? .checkerError : .gateFailed,
        error
          ? "a checker could not run: "
            + report.results.filter { $0.result == .error }
            .map { "\($0.gate) (\($0.evidence.message ?? "error"))" }.joined(separator: ", ")
          : "gate(s) failed: " + failed.joined(separator: ", "),
        details: try GateCheckView.details(view))
    }
  }
}

/// What `gate check` prints: the outcomes, what was skipped, and the issue afterwards.
struct GateCheckView: Encodable {
  var report: GateCheckReport

  enum CodingKeys: String, CodingKey {
    case results, skipped, overall, issue
  }

  func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(report.results, forKey: .results)
    try container.encode(report.skipped, forKey: .skipped)
    try container.encode(report.overall.rawValue, forKey: .overall)
    try container.encode(IssueView(report.issue, untilDone: report.outlook), forKey: .issue)
  }

  /// The view as error details, so that a failing check still reports every result in JSON.
  static func details<T: Encodable>(_ value: T) throws -> [String: JSONValue] {
    guard case .object(let object) = try JSONValue(encoding: value) else { return [:] }
    return object
  }
}

import ArgumentParser
import JitCore
import JitWire

struct GateIngestCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "ingest", abstract: "Pass or fail an automated gate from a CI artifact.",
    discussion: """
      --junit FILE: JUnit XML; any failure or error fails (a report with no tests fails too). \
      --sarif FILE: SARIF 2.1.0; any result at level error fails. \
      --cobertura FILE: Cobertura XML; line-rate against --threshold or the gate's coverage_threshold. \
      --result FILE: jit's JSON result {"status": "passed"|"failed", "message", "figures"}.

      The figures are kept as evidence. A malformed file is INVALID_ARTIFACT (exit 2) and changes \
      nothing. A failed gate exits 4 (GATE_FAILED). See docs/gates.md.
      """)

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The issue: its id or a unique suffix of 4+ characters.") var id: String
  @Argument(help: "The gate key.") var key: String
  @Option(help: ArgumentHelp("A JUnit XML report.", valueName: "file")) var junit: String?
  @Option(help: ArgumentHelp("A SARIF log.", valueName: "file")) var sarif: String?
  @Option(help: ArgumentHelp("A Cobertura coverage report.", valueName: "file")) var cobertura: String?
  @Option(help: ArgumentHelp("A jit JSON result file.", valueName: "file")) var result: String?
  @Option(help: "Least line coverage in percent, 0-100 (overrides the gate's coverage_threshold).")
  var threshold: DecimalArgument?
  @Option(
    help: "Who is ingesting it (type:identifier; a bare name is an agent); default $JIT_ACTOR or human:$USER."
  ) var by: String?
  @Option(help: "The claim generation you act under (default $JIT_CLAIM): refused once stale.") var claim:
    String?

  private var artifact: (ArtifactFormat, String)? {
    let given: [(ArtifactFormat, String?)] = [
      (.junit, junit), (.sarif, sarif), (.cobertura, cobertura), (.json, result),
    ]
    let present = given.compactMap { format, path in path.map { (format, $0) } }
    return present.count == 1 ? present[0] : nil
  }

  func validate() throws {
    guard artifact != nil else {
      throw ValidationError("give exactly one of --junit, --sarif, --cobertura or --result FILE")
    }
    if threshold != nil && cobertura == nil {
      throw ValidationError("--threshold applies to --cobertura only")
    }
  }

  func execute(_ context: CommandContext) throws {
    guard let (format, path) = artifact else { throw JitError.invalidArgument("no artifact given") }
    let outcome = try context.application().ingest(
      id, key, format: format, path: path, threshold: threshold?.value, by: by, claim: claim)
    try context.renderer.report(GateIngestView(outcome.report), failing: outcome.failure) {
      GateText.ingest(outcome.report)
    }
  }
}

import ArgumentParser

/// Options every command takes.
public struct GlobalOptions: ParsableArguments {
  @Flag(name: .long, help: "Print machine-readable JSON (errors too, as {\"error\": {...}}).")
  public var json = false

  @Option(
    name: .long,
    help: ArgumentHelp(
      "Use the jit repository in DIR instead of searching upward from the current directory.",
      valueName: "DIR"))
  public var repo: String?

  public init() {}

  /// `--repo ''` (an unset shell variable, say) names no directory: refused rather than taken as
  /// "search from here", which could act on another repository than the one meant.
  public func validate() throws {
    if let repo, repo.allSatisfy({ $0 == " " || $0 == "\t" }) {
      throw ValidationError("--repo needs a directory, not an empty word")
    }
  }
}

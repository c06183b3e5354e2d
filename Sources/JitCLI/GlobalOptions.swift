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

  @Option(
    name: .long,
    help: ArgumentHelp(
      "Print only these keys of the JSON answer (of each element of a list), such as id,title,state; implies --json.",
      valueName: "a,b,c"))
  public var fields: String?

  @Flag(name: .long, help: "Print the JSON answer on one line; implies --json.")
  public var compact = false

  @Flag(name: .long, help: "Print a JSON list one element per line (JSON lines); implies --json.")
  public var jsonl = false

  public init() {}

  /// Whether the answer is JSON: `--json`, or any option that shapes it.
  public var wantsJSON: Bool { json || compact || jsonl || fields != nil }

  /// How the JSON answer is shaped (`--fields`, `--compact`, `--jsonl`).
  public func shape() throws -> JSONShape {
    JSONShape(fields: try fields.map(JSONShape.fields), compact: compact, lines: jsonl)
  }

  /// `--repo ''` (an unset shell variable, say) names no directory: refused rather than taken as
  /// "search from here", which could act on another repository than the one meant.
  public func validate() throws {
    if let repo, repo.allSatisfy({ $0 == " " || $0 == "\t" }) {
      throw ValidationError("--repo needs a directory, not an empty word")
    }
  }
}

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
}

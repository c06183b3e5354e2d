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

/// A command that does its work through a `CommandContext`.
protocol ContextCommand: ParsableCommand {
  var global: GlobalOptions { get }
  func execute(_ context: CommandContext) throws
}

extension ContextCommand {
  /// Running outside `JitCLI.run` (as ArgumentParser's own `main` would) uses the real process.
  public func run() throws {
    let status = JitCLI.execute(self, environment: ProcessEnvironment.current(), output: StandardStreams())
    if status != 0 { throw ExitCode(status) }
  }
}

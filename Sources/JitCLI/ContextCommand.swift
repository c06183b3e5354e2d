import ArgumentParser

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

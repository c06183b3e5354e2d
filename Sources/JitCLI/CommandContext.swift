import FoundationEssentials
import JitApp
import JitCore
import JitWire

/// Everything a command needs from the world, handed to it rather than read from globals: the
/// working directory, the environment, the clock and where output goes. It builds the
/// application's configuration from the flags and `JIT_*`, and the application from that.
public struct CommandContext: Sendable {
  public let workingDirectory: String
  public let environment: [String: String]
  public let output: any TextOutput
  public let clock: @Sendable () -> Timestamp
  /// The `--repo` option, if given.
  public let repositoryOverride: String?
  public let renderer: Renderer
  /// The files the command's reads passed over, warned about when it ends (`JitCLI.execute`).
  public let skippedFiles = SkippedFileLog()

  public init(
    workingDirectory: String, environment: [String: String], output: any TextOutput, json: Bool,
    repositoryOverride: String?, clock: @escaping @Sendable () -> Timestamp = { Timestamp(Date()) }
  ) {
    self.workingDirectory = workingDirectory
    self.environment = environment
    self.output = output
    self.clock = clock
    self.repositoryOverride = repositoryOverride
    self.renderer = Renderer(output: output, json: json, skippedFiles: skippedFiles)
  }

  public var json: Bool { renderer.json }

  /// Whether human output is coloured: on a terminal only, never with `NO_COLOR` set (to anything
  /// but the empty string, as no-color.org asks) or `TERM=dumb`, nor for JSON.
  public var colour: Bool {
    !json && output.standardOutputIsTerminal && (environment["NO_COLOR"] ?? "").isEmpty
      && environment["TERM"] != "dumb"
  }

  /// The configuration: `--repo`, `JIT_DIR`, `JIT_ACTOR`, `USER`, `JIT_LOCK_TIMEOUT` and
  /// `JIT_NO_INDEX` (see `JitConfiguration.fromEnvironment`).
  public func configuration() throws -> JitConfiguration {
    var configuration = try JitConfiguration.fromEnvironment(
      workingDirectory: workingDirectory, environment: environment, repositoryOverride: repositoryOverride)
    configuration.atTerminal = output.atTerminal
    return configuration
  }

  /// The application over the repository the configuration names.
  public func application() throws -> JitApplication {
    try JitApplication(configuration(), clock: clock, skippedFiles: skippedFiles)
  }

  /// A path from the command line, relative to the working directory unless it is absolute.
  func absolute(_ path: String) -> String {
    path.hasPrefix("/") ? path : (workingDirectory == "/" ? "" : workingDirectory) + "/" + path
  }

  /// Prints a result (see `Renderer.emit`).
  func emit<T: WireView>(_ value: T, human: () -> String) throws {
    try renderer.emit(value, human: human)
  }
}

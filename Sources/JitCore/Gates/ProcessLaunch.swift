/// What to run: an executable with its arguments, where, with what environment and input, and for
/// how long at most.
public struct ProcessLaunch: Sendable {
  /// The executable's path.
  public var executable: String
  /// The arguments after the program name.
  public var arguments: [String]
  /// The working directory of the child.
  public var directory: String
  /// The whole environment of the child (nothing is inherited implicitly).
  public var environment: [String: String]
  /// Bytes written to the process's standard input (which is `/dev/null` when nil).
  public var input: [UInt8]?
  /// Seconds before the whole process group is killed.
  public var timeout: Double
  /// Whether standard error goes to the same pipe as standard output (in the order written).
  public var mergeStandardError: Bool

  public init(
    executable: String, arguments: [String] = [], directory: String, environment: [String: String],
    input: [UInt8]? = nil, timeout: Double, mergeStandardError: Bool = true
  ) {
    self.executable = executable
    self.arguments = arguments
    self.directory = directory
    self.environment = environment
    self.input = input
    self.timeout = timeout
    self.mergeStandardError = mergeStandardError
  }
}

/// How a process ended and what it wrote.
public struct ProcessResult: Sendable {
  /// How the process ended.
  public enum Termination: Sendable, Hashable {
    case exited(Int32)
    case signaled(Int32)
    /// It ran past its timeout and its process group was killed.
    case timedOut
    /// jit was asked to stop (SIGINT, SIGTERM, SIGHUP) and killed its process group.
    case interrupted
  }
  /// How it ended.
  public var termination: Termination
  /// Standard output (with standard error when merged); only the last `ChildProcess.outputLimit` bytes.
  public var output: [UInt8]
  /// Standard error, when it was not merged into `output`.
  public var errorOutput: [UInt8]
  /// Whether the start of the output was dropped to stay within the limit.
  public var outputTruncated: Bool
  /// Wall-clock milliseconds from start to end.
  public var durationMs: Int64
}

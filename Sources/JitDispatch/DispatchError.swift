/// Why jit-dispatch could not do what it was asked, with a stable code and exit code.
public struct DispatchError: Error, Sendable, Hashable, CustomStringConvertible {
  public enum Code: String, Sendable, Hashable {
    /// `dispatch.toml` is missing, unreadable, not TOML, or says something jit-dispatch does not take.
    case invalidConfig = "INVALID_CONFIG"
    /// Another `start --daemon` already serves this repository.
    case alreadyRunning = "ALREADY_RUNNING"
    /// An agent's command could not be started.
    case launchFailed = "LAUNCH_FAILED"
    /// A usage error on the command line.
    case invalidArgument = "INVALID_ARGUMENT"
    /// The tracker could not be read, cycle after cycle (`--until-idle` only; a daemon keeps trying).
    case ioError = "IO_ERROR"

    /// The process exit code (docs/dispatch.md; the same table as jit's docs/errors.md).
    public var exitCode: Int32 {
      switch self {
      case .invalidConfig, .invalidArgument: return 2
      case .alreadyRunning: return 5
      case .launchFailed: return 10
      case .ioError: return 1
      }
    }
  }

  public var code: Code
  public var message: String
  /// The config key at fault (`agents[1].command`), when there is one.
  public var key: String?
  /// Its line in the file, when known.
  public var line: Int?

  public init(_ code: Code, _ message: String, key: String? = nil, line: Int? = nil) {
    self.code = code
    self.message = message
    self.key = key
    self.line = line
  }

  public var description: String { message }
}

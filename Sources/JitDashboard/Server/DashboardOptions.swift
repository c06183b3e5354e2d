import JitCore

/// How the dashboard serves: where it listens, the token it asks for, and its limits. `validate`
/// refuses what is unsafe: any address other than loopback without a token (`TOKEN_REQUIRED`).
public struct DashboardOptions: Sendable {
  /// The variable a token may come from instead of `--token` (so that it is not in `ps`).
  public static let tokenVariable = "JIT_DASHBOARD_TOKEN"
  public static let defaultPort = 8080
  public static let defaultHost = "127.0.0.1"
  /// The shortest token accepted.
  public static let minimumTokenLength = 16

  public var host: String
  public var port: Int
  /// Required on every request when set (always set off loopback).
  public var token: String?
  /// Seconds a request other than the event stream may take before it is answered 503.
  public var requestTimeout: Duration = .seconds(10)
  /// Seconds a connection may stay idle (the event stream sends a comment every `heartbeat`).
  public var idleTimeout: Duration = .seconds(60)
  public var heartbeat: Duration = .seconds(15)
  /// The longest request target (path and query) accepted; longer is 414.
  public var maxTargetLength = 4_096
  /// The most header bytes accepted; more closes the connection.
  public var maxHeaderBytes = 16 * 1_024
  /// How often the event log is polled for changes.
  public var pollInterval: Duration = .milliseconds(200)
  /// A dispatch.toml for the agents view's capacities (default: the repository's root).
  public var dispatchConfig: String?

  public init(host: String = defaultHost, port: Int = defaultPort, token: String? = nil) {
    self.host = host
    self.port = port
    self.token = token
  }

  /// Whether `host` names only this machine: 127.0.0.0/8, `::1`, `localhost`.
  public static func isLoopback(_ host: String) -> Bool {
    let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
    if bare == "localhost" || bare == "::1" || bare == "0:0:0:0:0:0:0:1" { return true }
    let parts = bare.split(separator: ".", omittingEmptySubsequences: false)
    return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
  }

  public var isLoopback: Bool { Self.isLoopback(host) }

  /// The options from the command line and the environment; `warnings` are for standard error.
  public static func resolve(
    host: String?, port: Int?, token: String?, environment: [String: String]
  ) throws -> (options: DashboardOptions, warnings: [String]) {
    let port = port ?? defaultPort
    guard (0...65_535).contains(port) else {
      throw JitError(
        .invalidArgument, "--port \(port) is not a port: 0 to 65535 (0 picks a free one)",
        details: ["option": .string("--port"), "minimum": .int(0), "maximum": .int(65_535)])
    }
    let host = host ?? defaultHost
    guard !host.isEmpty, !host.contains(where: { $0 == " " || $0 == "/" || $0 == "\t" }) else {
      throw JitError(
        .invalidArgument, "--host '\(host)' is not an address or a host name",
        details: ["option": .string("--host")])
    }
    let given = token ?? environment[tokenVariable].flatMap { $0.isEmpty ? nil : $0 }
    if let given, given.count < minimumTokenLength {
      throw JitError(
        .invalidArgument, "the token is \(given.count) characters: use at least \(minimumTokenLength)",
        details: ["option": .string("--token"), "minimum": .int(Int64(minimumTokenLength))])
    }
    var warnings: [String] = []
    if !isLoopback(host) {
      guard given != nil else {
        throw JitError(
          .tokenRequired,
          "--host \(host) serves other machines, so every request must carry a token: pass --token TOKEN "
            + "or set \(tokenVariable) (at least \(minimumTokenLength) characters)",
          details: ["host": .string(host), "variable": .string(tokenVariable)])
      }
      warnings.append(
        "serving on \(host), not loopback: anyone who can reach this machine can connect; every request needs "
          + "the token (Authorization: Bearer, or ?token= once in a browser), and nothing is encrypted (no TLS)"
      )
    }
    return (DashboardOptions(host: host, port: port, token: given), warnings)
  }
}

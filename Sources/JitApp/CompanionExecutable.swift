import JitCore
import JitSystem

/// A companion executable jit runs for what its static binary cannot link (`jit-notify` for
/// webhooks, `jit-mcp` for the MCP server, `jit-dashboard` for the web dashboard): the path in its variable (`JIT_NOTIFY`, `JIT_MCP`) if
/// set, else the one beside the running executable, else the first on the `PATH`.
public struct CompanionExecutable: Sendable, Hashable {
  /// Its file name, such as `jit-mcp`.
  public var name: String
  /// The variable that names its path, such as `JIT_MCP`.
  public var variable: String

  public init(name: String, variable: String) {
    self.name = name
    self.variable = variable
  }

  public static let notifier = CompanionExecutable(name: "jit-notify", variable: "JIT_NOTIFY")
  public static let mcpServer = CompanionExecutable(name: "jit-mcp", variable: "JIT_MCP")
  public static let dashboard = CompanionExecutable(name: "jit-dashboard", variable: "JIT_DASHBOARD")

  /// Where it is, or nil: a set variable is the only place looked (an executable file, or nothing).
  public func path(environment: [String: String]) -> String? {
    if let explicit = environment[variable], !explicit.isEmpty {
      return access(explicit, X_OK) == 0 ? explicit : nil
    }
    if let directory = Self.runningExecutableDirectory() {
      let beside = directory + "/" + name
      if access(beside, X_OK) == 0 { return beside }
    }
    for directory in (environment["PATH"] ?? "").split(separator: ":") {
      let candidate = String(directory) + "/" + name
      if access(candidate, X_OK) == 0 { return candidate }
    }
    return nil
  }

  /// Where it is, else `COMPANION_NOT_FOUND` saying where it was looked for and how to install it.
  public func require(environment: [String: String]) throws -> String {
    if let path = path(environment: environment) { return path }
    let explicit = environment[variable].flatMap { $0.isEmpty ? nil : $0 }
    let looked =
      explicit.map { "\(variable)=\($0) is not an executable file" }
      ?? "not beside jit (\(Self.runningExecutableDirectory() ?? "?")) nor on the PATH"
    var details: [String: JSONValue] = ["companion": .string(name), "variable": .string(variable)]
    if let explicit { details["path"] = .string(explicit) }
    throw JitError(
      .companionNotFound,
      "\(name) not found: \(looked); install it beside jit (scripts/install does) or set \(variable)",
      details: details)
  }

  static func runningExecutableDirectory() -> String? {
    var buffer = [CChar](repeating: 0, count: 4096)
    let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    guard length > 0 else { return nil }
    let exe = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    guard let slash = exe.lastIndex(of: "/") else { return nil }
    return String(exe[..<slash])
  }
}

import JitCore
import JitSystem

/// A companion executable installed beside jit (`jit-dashboard`): the work that needs packages the
/// static jit does not link (an HTTP server). Found as `jit-notify` is for `jit alert check`: the
/// variable that names it if set, else beside the running executable, else on the `PATH`.
public struct CompanionExecutable: Sendable {
  /// `jit-dashboard`.
  public var name: String
  /// `JIT_DASHBOARD`.
  public var variable: String

  public init(name: String, variable: String) {
    self.name = name
    self.variable = variable
  }

  public static let dashboard = CompanionExecutable(name: "jit-dashboard", variable: "JIT_DASHBOARD")

  /// Its path, or `COMPANION_NOT_FOUND` saying where it was looked for.
  public func locate(environment: [String: String]) throws -> String {
    var searched: [String] = []
    if let explicit = environment[variable], !explicit.isEmpty {
      if access(explicit, X_OK) == 0 { return explicit }
      throw JitError(
        .companionNotFound, "\(variable)=\(explicit) is not an executable file",
        details: [
          "name": .string(name), "variable": .string(variable), "searched": .array([.string(explicit)]),
        ])
    }
    var buffer = [CChar](repeating: 0, count: 4096)
    let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    if length > 0 {
      let exe = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
      if let slash = exe.lastIndex(of: "/") {
        let beside = String(exe[..<slash]) + "/" + name
        if access(beside, X_OK) == 0 { return beside }
        searched.append(beside)
      }
    }
    for directory in (environment["PATH"] ?? "").split(separator: ":") {
      let candidate = String(directory) + "/" + name
      if access(candidate, X_OK) == 0 { return candidate }
      searched.append(candidate)
    }
    throw JitError(
      .companionNotFound,
      "\(name) is not installed: it was looked for beside jit and on the PATH (scripts/install installs it; "
        + "or set \(variable) to its path)",
      details: [
        "name": .string(name), "variable": .string(variable),
        "searched": .array(searched.map { .string($0) }),
      ])
  }
}

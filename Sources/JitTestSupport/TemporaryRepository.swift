import Foundation
import JitCLI
import JitConfigFile
import JitCore

/// The result of running a jit command.
public struct CommandResult: Sendable {
  public var status: Int32
  public var stdout: String
  public var stderr: String

  /// Standard output parsed as JSON.
  public func json() throws -> Any {
    try JSONSerialization.jsonObject(with: Data(stdout.utf8), options: [.fragmentsAllowed])
  }

  /// Standard output parsed as a JSON object.
  public func object() throws -> [String: Any] {
    guard let object = try json() as? [String: Any] else {
      throw HarnessError("expected a JSON object, got: \(stdout)")
    }
    return object
  }

  /// Standard output parsed as a JSON array of objects.
  public func array() throws -> [[String: Any]] {
    guard let array = try json() as? [[String: Any]] else {
      throw HarnessError("expected a JSON array, got: \(stdout)")
    }
    return array
  }

  /// The `error.code` of a JSON error envelope.
  public var errorCode: String? {
    guard let object = try? object(), let error = object["error"] as? [String: Any] else { return nil }
    return error["code"] as? String
  }
}

/// A failure in the test harness itself.
public struct HarnessError: Error, CustomStringConvertible {
  public var description: String
  public init(_ description: String) { self.description = description }
}

/// A fresh directory under the system's temporary directory, removed when released.
public final class TemporaryDirectory: @unchecked Sendable {  // safe: `path` is immutable after init
  public let path: String

  public init(prefix: String = "jit-test") throws {
    var template = Array((NSTemporaryDirectory() + "/\(prefix)-XXXXXX").utf8CString)
    guard let made = mkdtemp(&template) else { throw HarnessError("mkdtemp failed") }
    path = String(cString: made)
  }

  deinit { try? FileManager.default.removeItem(atPath: path) }

  /// A path inside the directory.
  public func file(_ relative: String) -> String { path + "/" + relative }
}

/// A temporary jit repository, driven in-process through the same parser the binary uses.
public final class TemporaryRepository: @unchecked Sendable {  // safe: all stored properties are immutable
  public let directory: TemporaryDirectory
  public let environment: [String: String]
  /// Whether commands see a person at a terminal (the `terminal` approval policy): true, as for a
  /// person typing them, unless a test models an agent's shell.
  public let atTerminal: Bool

  /// The store its commands use: the files, or PostgreSQL when the CLI suites run once more
  /// against it (`RepositoryStore.current`).
  public let store: RepositoryStore

  /// Creates the directory and, unless `initialize` is false, runs `jit init` in it (`jit init
  /// --store postgresql` on a fresh database of the test's server when `store` is PostgreSQL).
  public init(
    initialize: Bool = true, actor: String = "human:tester", atTerminal: Bool = true,
    store: RepositoryStore = .current
  ) throws {
    directory = try TemporaryDirectory()
    self.atTerminal = atTerminal
    self.store = initialize ? store : .files
    // As the `jit` executable does: `.jit/config.toml` is read in this process.
    ConfigFile.install()
    var environment = [
      "JIT_ACTOR": actor, "USER": "tester",
      "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
    ]
    if self.store == .postgresql { environment["JIT_DATABASE_URL"] = try RepositoryStore.database() }
    self.environment = environment
    if initialize {
      let result = self.store == .postgresql ? run("init", "--store", "postgresql") : run("init")
      guard result.status == 0 else { throw HarnessError("jit init failed: \(result.stderr)") }
    }
  }

  public var root: String { directory.path }
  public var layout: RepositoryLayout { RepositoryLayout(jitDirectory: root + "/.jit") }

  /// Runs `jit <arguments>` in-process in `workingDirectory` (default: the repository root).
  @discardableResult
  public func run(
    _ arguments: String..., in workingDirectory: String? = nil, environment extra: [String: String] = [:]
  ) -> CommandResult {
    run(arguments, in: workingDirectory, environment: extra)
  }

  @discardableResult
  public func run(
    _ arguments: [String], in workingDirectory: String? = nil, environment extra: [String: String] = [:]
  ) -> CommandResult {
    let output = CapturedOutput(atTerminal: atTerminal)
    let status = JitCLI.run(
      arguments, environment: environment.merging(extra) { $1 }, workingDirectory: workingDirectory ?? root,
      output: output)
    return CommandResult(status: status, stdout: output.stdout, stderr: output.stderr)
  }

  /// Writes `text` to a file `name` in the repository's root and returns its path.
  public func write(_ text: String, as name: String) throws -> String {
    let path = root + "/" + name
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    return path
  }

  /// Creates an issue and returns its full id.
  public func create(_ title: String, _ extra: String...) throws -> String {
    let result = run(["issue", "create", "--title", title, "--json"] + extra)
    guard result.status == 0, let id = try result.object()["id"] as? String else {
      throw HarnessError("create failed (\(result.status)): \(result.stderr)")
    }
    return id
  }

  /// One issue as JSON (`issue show --json`).
  public func show(_ id: String) throws -> [String: Any] {
    let result = run("issue", "show", id, "--json")
    guard result.status == 0 else { throw HarnessError("show failed: \(result.stderr)") }
    return try result.object()
  }

  /// The state of an issue.
  public func state(_ id: String) throws -> String {
    try show(id)["state"] as? String ?? "?"
  }

  /// Every file under `.jit/` (but the lock and the derived `cache/`, which any read may refresh)
  /// with its content, and on PostgreSQL what the database holds, to prove a refusal changed nothing.
  public func snapshot() throws -> [String: Data] {
    var files = try RepositoryStore.databaseSnapshot(layout, environment: environment)
    let base = layout.jitDirectory
    guard let enumerator = FileManager.default.enumerator(atPath: base) else { return files }
    for case let relative as String in enumerator where relative != ".lock" && !relative.hasPrefix("cache/") {
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: base + "/" + relative, isDirectory: &isDirectory),
        !isDirectory.boolValue
      {
        files[relative] = FileManager.default.contents(atPath: base + "/" + relative)
      }
    }
    return files
  }
}

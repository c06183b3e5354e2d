import FoundationEssentials
import JitSystem

/// The result of running one gate's checker: `passed`, `failed`, or `error` (it could not run or
/// answered nonsense, which changes no status), with its evidence.
public struct CheckerOutcome: Sendable, Hashable, Codable {
  /// What a checker run decided.
  public enum Result: String, Sendable, Codable {
    case passed, failed, error
  }
  /// The gate key.
  public var gate: String
  /// `passed`, `failed`, or `error` when it could not decide.
  public var result: Result
  /// What the run showed: exit code, duration, output tail, commit, message.
  public var evidence: GateEvidence
  /// Whether the verdict was recorded on the issue (false for an error, or when the issue changed
  /// while the checker ran).
  public var applied: Bool
  /// Why it was not applied, when it was not.
  public var note: String?

  public init(
    gate: String, result: Result, evidence: GateEvidence, applied: Bool = false, note: String? = nil
  ) {
    self.gate = gate
    self.result = result
    self.evidence = evidence
    self.applied = applied
    self.note = note
  }
}

/// Runs gate checkers: a definition's shell `command` (with `/bin/sh -c` in the repository root) or
/// its `plugin` (an executable in `.jit/plugins/` that answers JSON). Holds no lock: callers run it
/// outside any mutation and record the outcome afterwards.
public struct GateChecker: Sendable {
  /// Seconds a checker may run when its gate sets no timeout.
  public static let defaultTimeout = 300
  /// How many lines of output the evidence keeps.
  public static let tailLines = 20

  /// The repository: checkers run in its root; plugins live in its `.jit/plugins/`.
  public let layout: RepositoryLayout
  /// The environment checkers inherit (the caller's; JitCore never reads the process's own).
  public let environment: [String: String]
  /// Where checkers run: the repository root, or the worktree where the work was done.
  public let directory: String

  public init(layout: RepositoryLayout, environment: [String: String], directory: String? = nil) {
    self.layout = layout
    self.environment = environment
    self.directory = directory ?? layout.rootDirectory
  }

  /// Runs the checker of `definition` for `issue`, at `commit`.
  public func run(_ definition: GateDefinition, for issue: Issue, commit: String?) -> CheckerOutcome {
    let timeout = Double(max(1, definition.timeout ?? Self.defaultTimeout))
    var environment = self.environment
    environment["JIT_ISSUE_ID"] = issue.id.rawValue
    environment["JIT_GATE_KEY"] = definition.key
    environment["JIT_ISSUE_FILE"] = layout.issueFile(issue.id)
    environment["JIT_REPOSITORY"] = layout.rootDirectory
    if let command = definition.command {
      return runCommand(command, definition, timeout: timeout, environment: environment, commit: commit)
    }
    if let plugin = definition.plugin {
      return runPlugin(plugin, definition, issue, timeout: timeout, environment: environment, commit: commit)
    }
    return CheckerOutcome(
      gate: definition.key, result: .error,
      evidence: GateEvidence(source: "command", message: "gate \(definition.key) has no command or plugin"))
  }

  private func runCommand(
    _ command: String, _ definition: GateDefinition, timeout: Double, environment: [String: String],
    commit: String?
  ) -> CheckerOutcome {
    let launch = ProcessLaunch(
      executable: "/bin/sh", arguments: ["-c", command], directory: directory,
      environment: environment, timeout: timeout)
    var evidence = GateEvidence(source: "command", commit: commit)
    let result: ProcessResult
    do { result = try ChildProcess.run(launch) } catch {
      evidence.message = (error as? JitError)?.message ?? "\(error)"
      return CheckerOutcome(gate: definition.key, result: .error, evidence: evidence)
    }
    evidence.durationMs = result.durationMs
    evidence.outputTail = Self.tail(result.output)
    switch result.termination {
    case .timedOut:
      evidence.message = "timed out after \(Int(timeout)) s; its process group was killed"
      return CheckerOutcome(gate: definition.key, result: .error, evidence: evidence)
    case .interrupted:
      evidence.message = "interrupted; its process group was killed"
      return CheckerOutcome(gate: definition.key, result: .error, evidence: evidence)
    case .signaled(let signal):
      evidence.message = "killed by signal \(signal)"
      return CheckerOutcome(gate: definition.key, result: .failed, evidence: evidence)
    case .exited(let code):
      evidence.exitCode = code
      if code == 126 || code == 127 {
        evidence.message =
          "the command could not start (the shell exited \(code): not found or not executable)"
        return CheckerOutcome(gate: definition.key, result: .error, evidence: evidence)
      }
      evidence.message = code == 0 ? "exited 0" : "exited \(code)"
      return CheckerOutcome(gate: definition.key, result: code == 0 ? .passed : .failed, evidence: evidence)
    }
  }

  private func runPlugin(
    _ name: String, _ definition: GateDefinition, _ issue: Issue, timeout: Double,
    environment: [String: String], commit: String?
  ) -> CheckerOutcome {
    var evidence = GateEvidence(source: "plugin", commit: commit, artifact: "plugins/\(name)")
    func failure(_ message: String) -> CheckerOutcome {
      evidence.message = message
      return CheckerOutcome(gate: definition.key, result: .error, evidence: evidence)
    }
    guard GateDefinition.isValidPluginName(name) else {
      return failure("'\(name)' is not a valid plugin name")
    }
    let path = layout.pluginsDirectory + "/" + name
    guard access(path, X_OK) == 0 else { return failure("plugin \(path) is missing or not executable") }
    let input: [UInt8]
    do {
      input = Array(try JSONCoding.lineEncoder().encode(PluginRequest(issue: issue, gate: definition)))
    } catch {
      return failure("cannot encode the plugin's input: \(error)")
    }
    let launch = ProcessLaunch(
      executable: path, directory: directory, environment: environment, input: input + [10],
      timeout: timeout, mergeStandardError: false)
    let result: ProcessResult
    do { result = try ChildProcess.run(launch) } catch {
      return failure((error as? JitError)?.message ?? "\(error)")
    }
    evidence.durationMs = result.durationMs
    evidence.outputTail = Self.tail(result.errorOutput)
    switch result.termination {
    case .timedOut:
      return failure("timed out after \(Int(timeout)) s; its process group was killed")
    case .interrupted:
      return failure("interrupted; its process group was killed")
    case .signaled(let signal):
      return failure("killed by signal \(signal)")
    case .exited(let code):
      evidence.exitCode = code
      guard code == 0 else {
        return failure("the plugin exited \(code) (a plugin answers on stdout and exits 0)")
      }
    }
    let reading: ArtifactReading
    do {
      guard !result.outputTruncated else { throw ArtifactError("its answer is larger than 1 MiB") }
      let document = try JSONDecoder().decode(JSONValue.self, from: Data(result.output))
      reading = try ArtifactReading.result(document, format: .json)
    } catch let error as ArtifactError {
      return failure("the plugin's answer is not valid: \(error.message)")
    } catch {
      let text = String(decoding: result.output.prefix(200), as: UTF8.self)
      return failure("the plugin's answer is not a JSON object: \(text)")
    }
    evidence.message = reading.message.isEmpty ? nil : reading.message
    evidence.figures = reading.figures.isEmpty ? nil : reading.figures
    return CheckerOutcome(
      gate: definition.key, result: reading.status == .passed ? .passed : .failed, evidence: evidence)
  }

  static func tail(_ bytes: [UInt8]) -> String? {
    var lines = String(decoding: bytes, as: UTF8.self).split(
      separator: "\n", omittingEmptySubsequences: false)
    while let last = lines.last, last.isEmpty { lines.removeLast() }
    guard !lines.isEmpty else { return nil }
    return lines.suffix(tailLines).map { $0.utf8.count > 500 ? String($0.prefix(500)) + "..." : String($0) }
      .joined(separator: "\n")
  }
}

/// What a plugin reads on stdin.
struct PluginRequest: Encodable {
  var issue: Issue
  var gate: GateDefinition
}

import FoundationEssentials
import JitCore
import JitSystem

/// Sends one alert notification: `command:PATH` runs the executable with the notification JSON on
/// standard input (its own process group, a timeout, exit 0 means delivered); `webhook:URL` runs
/// the companion `jit-notify` (which POSTs it over http or https with a timeout and bounded retries:
/// the static `jit` links no HTTP client). Never throws: every failure is a reason.
public struct AlertDelivery: Sendable {
  /// Seconds a command (or `jit-notify` with all its attempts) may run.
  public static let commandTimeout = 10.0
  /// Per attempt of a webhook, and how many attempts at most.
  public static let webhookTimeout = 5.0
  public static let webhookAttempts = 3

  public let root: String
  public let environment: [String: String]

  public init(root: String, environment: [String: String]) {
    self.root = root
    self.environment = environment
  }

  public func deliver(_ body: [UInt8], to target: AlertDefinition.Target) -> AlertDeliveryOutcome {
    switch target {
    case .command(let path):
      let executable = path.hasPrefix("/") ? path : root + "/" + path
      return run(executable, input: body, timeout: Self.commandTimeout, target: target) { _ in 1 }
    case .webhook(let url):
      guard let notifier = notifierPath() else {
        return AlertDeliveryOutcome(
          target: target.description, delivered: false,
          reason: "jit-notify not found (set JIT_NOTIFY, or install it beside jit or on the PATH)",
          attempts: 0)
      }
      var request: [String: JSONValue] = [
        "url": .string(url), "timeout_secs": .double(Self.webhookTimeout),
        "max_attempts": .int(Int64(Self.webhookAttempts)),
      ]
      request["body"] = (try? JSONDecoder().decode(JSONValue.self, from: Data(body))) ?? .null
      let input = (try? JSONEncoder().encode(JSONValue.object(request))).map(Array.init) ?? []
      let budget = Self.webhookTimeout * Double(Self.webhookAttempts) + 5
      return run(notifier, input: input, timeout: budget, target: target) { output in
        // jit-notify answers {"delivered": ..., "attempts": N, "error": ...} on one line.
        if case .object(let answer) = (try? JSONDecoder().decode(JSONValue.self, from: Data(output))) ?? .null,
          case .int(let attempts) = answer["attempts"] ?? .null
        {
          return Int(attempts)
        }
        return 1
      }
    }
  }

  func run(
    _ executable: String, input: [UInt8], timeout: Double, target: AlertDefinition.Target,
    attempts: ([UInt8]) -> Int
  ) -> AlertDeliveryOutcome {
    let launch = ProcessLaunch(
      executable: executable, directory: root, environment: environment, input: input, timeout: timeout,
      mergeStandardError: false)
    do {
      let result = try ChildProcess.run(launch)
      let tried = attempts(result.output)
      let said = String(
        decoding: (result.errorOutput.isEmpty ? result.output : result.errorOutput).suffix(300), as: UTF8.self
      ).split(whereSeparator: \.isNewline).joined(separator: " ")
      switch result.termination {
      case .exited(0):
        return AlertDeliveryOutcome(target: target.description, delivered: true, reason: nil, attempts: tried)
      case .exited(let status):
        return AlertDeliveryOutcome(
          target: target.description, delivered: false,
          reason: "exit \(status)" + (said.isEmpty ? "" : ": \(said)"), attempts: tried)
      case .signaled(let signal):
        return AlertDeliveryOutcome(
          target: target.description, delivered: false, reason: "signal \(signal)", attempts: tried)
      case .timedOut:
        return AlertDeliveryOutcome(
          target: target.description, delivered: false, reason: "timed out after \(Int(timeout))s",
          attempts: tried)
      case .interrupted:
        return AlertDeliveryOutcome(
          target: target.description, delivered: false, reason: "interrupted", attempts: tried)
      }
    } catch let error as JitError {
      return AlertDeliveryOutcome(
        target: target.description, delivered: false, reason: error.message, attempts: 0)
    } catch {
      return AlertDeliveryOutcome(
        target: target.description, delivered: false, reason: "\(error)", attempts: 0)
    }
  }

  /// `jit-notify`: `JIT_NOTIFY` if set, else beside the running executable, else on the `PATH`.
  func notifierPath() -> String? { CompanionExecutable.notifier.path(environment: environment) }

}

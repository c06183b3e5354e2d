import JitApp
import JitCore
import Logging
import ServiceLifecycle

/// Evaluates the repository's alerts continuously beside the dispatcher: `jit alert check` every
/// `interval` seconds (`JIT_ALERT_INTERVAL`, default 30; 0 turns it off), on a thread of its own so
/// a slow receiver never holds up dispatch. Stops at graceful shutdown. Its events are the same
/// `alert.*` events, by `agent:jit-dispatch`.
public struct AlertEvaluationService: Service {
  public let app: JitApplication
  public let interval: Double
  let logger: Logger

  /// The service, or nil when `JIT_ALERT_INTERVAL` is 0 (or not a number of seconds from 1 to 86400).
  public init?(app: JitApplication, environment: [String: String], logger: Logger) {
    let interval = environment["JIT_ALERT_INTERVAL"].map { Double($0) ?? -1 } ?? 30
    guard interval >= 1, interval <= 86_400 else {
      if interval != 0 {
        logger.warning("JIT_ALERT_INTERVAL must be 0 (off) or 1 to 86400 seconds: alerts off")
      }
      return nil
    }
    self.app = app
    self.interval = interval
    self.logger = logger
  }

  /// Returns (never throws) when cancelled or at graceful shutdown, so that the group's end is clean.
  public func run() async throws {
    await cancelWhenGracefulShutdown {
      while !Task.isCancelled {
        do {
          let results = try await app.run { try $0.checkAlerts(by: "agent:jit-dispatch") }
          for result in results where !result.transitions.isEmpty {
            let changes = result.transitions.map(\.rawValue).joined(separator: ",")
            logger.notice("alert \(result.alert): \(changes) (value \(result.value.map { "\($0)" } ?? "-"))")
          }
        } catch {
          logger.warning("alert check failed: \(error)")
        }
        try? await Task.sleep(for: .milliseconds(Int64(interval * 1000)))
      }
    }
  }
}

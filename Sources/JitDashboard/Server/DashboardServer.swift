import Hummingbird
import HummingbirdCore
import JitApp
import Logging
import ServiceLifecycle
import Synchronization

/// The dashboard as services under swift-service-lifecycle: the Hummingbird application and the
/// hub that follows the event log. SIGINT and SIGTERM shut both down gracefully: the live streams
/// end first, then the server finishes the requests in flight and stops.
public enum DashboardServer {
  /// Serves until a signal (or the task is cancelled). `onRunning` gets the address bound, once
  /// the server listens (with port 0, the port the system chose).
  public static func run(
    application: JitApplication, options: DashboardOptions, logger: Logger,
    onRunning: @escaping @Sendable (_ host: String, _ port: Int) async -> Void = { _, _ in }
  ) async throws {
    let hub = try await DashboardHub(application: application, pollInterval: options.pollInterval)
    let app = makeApplication(hub: hub, options: options, logger: logger, onRunning: onRunning)
    let group = ServiceGroup(
      configuration: .init(
        services: [.init(service: app), .init(service: HubService(hub: hub, heartbeat: options.heartbeat))],
        gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
    try await group.run()
  }

  /// The Hummingbird application over a hub (tests run it in-process).
  public static func makeApplication(
    hub: DashboardHub, options: DashboardOptions, logger: Logger,
    onRunning: @escaping @Sendable (_ host: String, _ port: Int) async -> Void = { _, _ in }
  ) -> some ApplicationProtocol & Service {
    let bound = BoundPort(options.port)
    let router = Router()
    router.add(middleware: SecurityMiddleware(options: options, boundPort: { bound.value }))
    DashboardRoutes(hub: hub, options: options).register(on: router)
    var quiet = logger
    quiet.logLevel = max(logger.logLevel, .warning)  // no line per request
    let decoder = HTTP1Channel.Configuration.DecoderConfiguration(
      maxHeaderFieldSize: options.maxHeaderBytes, maxHeaderListSize: options.maxHeaderBytes,
      maxHeaderFieldCount: 100)
    let seconds = options.idleTimeout.components.seconds
    return Application(
      router: router,
      server: .http1(configuration: .init(idleTimeout: .seconds(seconds), httpDecoderConfiguration: decoder)),
      configuration: .init(address: .hostname(options.host, port: options.port), serverName: "jit-dashboard"),
      onServerRunning: { channel in
        let port = channel.localAddress?.port ?? options.port
        bound.set(port)
        await onRunning(options.host, port)
      },
      logger: quiet)
  }
}

/// The port the server listens on, known once it runs.
final class BoundPort: Sendable {
  private let port: Mutex<Int>
  init(_ port: Int) { self.port = Mutex(port) }
  var value: Int { port.withLock { $0 } }
  func set(_ value: Int) { port.withLock { $0 = value } }
}

/// Follows the event log into the hub and beats the streams' hearts; on graceful shutdown it ends
/// every live stream, so that the server can finish.
struct HubService: Service {
  let hub: DashboardHub
  let heartbeat: Duration

  func run() async throws {
    let hub = self.hub
    let heartbeat = self.heartbeat
    await cancelWhenGracefulShutdown {
      await withTaskGroup(of: Void.self) { group in
        group.addTask { await hub.follow() }
        group.addTask {
          while !Task.isCancelled {
            do { try await Task.sleep(for: heartbeat) } catch { return }
            await hub.heartbeat()
          }
        }
        await group.next()
        group.cancelAll()
      }
    }
    await hub.close()
  }
}

import Hummingbird
import JitApp
import JitDispatch
import Logging

/// `--metrics-listen HOST:PORT`: serves `GET /metrics`, the text `jit metrics export --prometheus`
/// prints (docs/metrics.md), computed afresh for each scrape; anything else is 404. A Hummingbird
/// application, run as one more service of the dispatcher's group, so it stops with it.
enum MetricsServer {
  /// `HOST:PORT` (`127.0.0.1:9464`, `[::1]:9464`, `:9464` for every address), port 0 to 65535.
  static func parse(_ text: String) throws -> (host: String, port: Int) {
    let invalid = DispatchError(
      .invalidArgument, "--metrics-listen '\(text)' is not HOST:PORT (for example 127.0.0.1:9464)",
      key: "metrics-listen")
    guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
      (0...65_535).contains(port)
    else { throw invalid }
    var host = String(text[..<colon])
    if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
    if host.isEmpty { host = "0.0.0.0" }
    guard !host.contains(where: { $0 == " " || $0 == "/" }) else { throw invalid }
    return (host, port)
  }

  static func application(app: JitApplication, host: String, port: Int, logger: Logger)
    -> some ApplicationProtocol
  {
    let router = Router()
    router.get("/metrics") { _, _ -> Response in
      do {
        let text = try await app.run { try $0.exportMetrics() }
        return Response(
          status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
          body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
      } catch {
        logger.warning("GET /metrics: \(error)")
        return Response(
          status: .internalServerError, headers: [.contentType: "text/plain; charset=utf-8"],
          body: ResponseBody(byteBuffer: ByteBuffer(string: "jit-dispatch: \(error)\n")))
      }
    }
    var quiet = logger
    quiet.logLevel = max(logger.logLevel, .warning)  // no line per request
    return Application(
      router: router, configuration: .init(address: .hostname(host, port: port), serverName: "jit-dispatch"),
      onServerRunning: { channel in
        let bound = channel.localAddress?.port ?? port
        // Said at notice level, so that a caller that asked for port 0 learns the port.
        logger.notice("serving /metrics on http://\(host):\(bound)/metrics")
      },
      logger: quiet)
  }
}

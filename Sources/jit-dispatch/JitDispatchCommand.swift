import ArgumentParser
import Foundation
import JitApp
import JitCore
import JitDispatch
import JitPostgresProvider
import Logging
import ServiceLifecycle

@main
struct JitDispatchCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "jit-dispatch",
    abstract: "Runs agents on a jit repository's ready work (docs/dispatch.md).",
    subcommands: [Once.self, Start.self, Status.self, Work.self])
}

/// Options every command shares.
struct Common: ParsableArguments {
  @Option(
    name: .customLong("repo"), help: "The repository (a directory holding .jit); default: search from here.")
  var repository: String?

  @Option(name: .customLong("jit-path"), help: "The jit binary agents get first on their PATH (JIT_PATH).")
  var jitPath: String?

  func application() throws -> JitApplication {
    // A repository whose .jit/config.toml chooses PostgreSQL is dispatched from its database.
    StoreComposition.install(PostgresProvider())
    let environment = ProcessInfo.processInfo.environment
    let cwd = FileManager.default.currentDirectoryPath
    var configuration = try JitConfiguration.fromEnvironment(
      workingDirectory: cwd, environment: environment, repositoryOverride: repository)
    configuration.claim = nil  // the dispatcher never acts under an agent's claim
    return try JitApplication(configuration)
  }
}

/// Loads the config or exits with its stable code; nothing has been dispatched yet.
func loadConfig(_ path: String) throws -> DispatchConfig {
  guard let data = FileManager.default.contents(atPath: path) else {
    throw DispatchError(.invalidConfig, "\(path): cannot read the config file", key: nil)
  }
  return try DispatchConfig.parse(String(decoding: data, as: UTF8.self), path: path)
}

func fail(_ error: any Error, json: Bool = false) -> ExitCode {
  let code: String
  let exit: Int32
  var key: String?
  var line: Int?
  switch error {
  case let error as DispatchError:
    code = error.code.rawValue
    exit = error.code.exitCode
    key = error.key
    line = error.line
  case let error as JitError:
    code = error.code.rawValue
    exit = error.exitCode
  default:
    code = "INTERNAL_ERROR"
    exit = 1
  }
  FileHandle.standardError.write(Data("jit-dispatch: \(code): \(error)\n".utf8))
  if json {
    var details: [String: Any] = [:]
    if let key { details["key"] = key }
    if let line { details["line"] = line }
    let envelope: [String: Any] = ["error": ["code": code, "message": "\(error)", "details": details]]
    if let data = try? JSONSerialization.data(withJSONObject: envelope, options: [.sortedKeys]) {
      print(String(decoding: data, as: UTF8.self))
    }
  }
  return ExitCode(exit)
}

/// Runs a dispatcher over `app` as a service: until it is idle (with `untilIdle`), or until SIGTERM
/// or SIGINT, which stop it gracefully (no new runs; running ones get their grace, then are stopped).
func runDispatcher(
  config: DispatchConfig, app: JitApplication, jitPath: String?, untilIdle: Bool,
  metrics: (host: String, port: Int)? = nil
) async throws {
  let logger = makeLogger()
  let dispatcher = Dispatcher(
    config: config, app: app, environment: ProcessInfo.processInfo.environment, jitPath: jitPath,
    logger: logger)
  let service = DispatcherService(dispatcher: dispatcher, untilIdle: untilIdle)
  var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
    .init(service: service, successTerminationBehavior: .gracefullyShutdownGroup)
  ]
  // Alerts evaluated continuously (docs/metrics.md), unless JIT_ALERT_INTERVAL=0.
  if let alerts = AlertEvaluationService(
    app: app, environment: ProcessInfo.processInfo.environment, logger: logger)
  {
    services.append(.init(service: alerts, successTerminationBehavior: .ignore))
  }
  if let metrics {
    let server = MetricsServer.application(app: app, host: metrics.host, port: metrics.port, logger: logger)
    services.append(.init(service: server, successTerminationBehavior: .ignore))
  }
  let group = ServiceGroup(
    configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
  do { try await group.run() } catch let error as DispatchError {
    throw fail(error)
  } catch {
    // A service that could not run (the /metrics address taken, say): the whole process stops.
    throw fail(DispatchError(.ioError, "\(error)"))
  }
}

func makeLogger() -> Logger {
  var logger = Logger(label: "jit-dispatch")
  logger.logLevel =
    ProcessInfo.processInfo.environment["JIT_DISPATCH_LOG"].flatMap(Logger.Level.init(rawValue:)) ?? .notice
  return logger
}

func printJSON(_ value: Any) {
  if let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]) {
    print(String(decoding: data, as: UTF8.self))
  }
}

func describe(_ outcome: RunOutcome) -> [String: Any] {
  [
    "issue": outcome.issue, "run_id": outcome.runID, "outcome": outcome.kind.rawValue,
    "reason": outcome.reason,
  ]
}

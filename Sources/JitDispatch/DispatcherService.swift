import Logging
import ServiceLifecycle

/// `jit-dispatch start`: cycles every `poll_interval_secs` (at once when a run ends, since its
/// dependents may have become ready) until graceful shutdown (SIGTERM, SIGINT), then stops
/// dispatching, gives runs `shutdown_grace_secs`, stops the rest and releases their work.
public struct DispatcherService: Service {
  public let dispatcher: Dispatcher
  /// Stop by itself once nothing is running and nothing is ready (for `work --until-idle`, tests).
  public let untilIdle: Bool

  public init(dispatcher: Dispatcher, untilIdle: Bool = false) {
    self.dispatcher = dispatcher
    self.untilIdle = untilIdle
  }

  public func run() async throws {
    let interval = Duration.milliseconds(Int64(dispatcher.config.dispatch.pollIntervalSecs * 1000))
    dispatcher.record("dispatch.started", nil, ["pid": .int(Int64(getpidValue()))])
    let webhooks = dispatcher.webhooks
    let delivery = Task { await webhooks.run() }
    var failedReads = 0
    var readError: String?
    await withGracefulShutdownHandler {
      while !Task.isCancelled, await !dispatcher.isStopping {
        let report = await dispatcher.cycle()
        failedReads = report.readError == nil ? 0 : failedReads + 1
        if untilIdle, report.sawNoWork, await dispatcher.inFlight == 0 {
          // Nothing ready and nothing running: done unless a retry is pending.
          if await !dispatcher.hasPendingRetry() { break }
        }
        if untilIdle, failedReads >= Self.failedReadsBeforeGivingUp, await dispatcher.inFlight == 0 {
          readError = report.readError
          break
        }
        await dispatcher.waitForChange(timeout: interval)
      }
    } onGracefulShutdown: {
      Task { await dispatcher.beginStopping() }
    }
    let outcomes = await dispatcher.shutdown()
    delivery.cancel()
    await delivery.value
    await Self.finalDelivery(webhooks)
    dispatcher.record(
      "dispatch.stopped", nil, ["canceled_runs": .int(Int64(outcomes.filter { $0.kind == .canceled }.count))])
    if let readError {
      throw DispatchError(
        .ioError,
        "ready work could not be read \(Self.failedReadsBeforeGivingUp) times in a row: \(readError)")
    }
  }

  /// With `untilIdle`, how many cycles in a row may fail to read ready work before the run stops
  /// with `IO_ERROR` (a daemon keeps trying, and logs each failure).
  public static let failedReadsBeforeGivingUp = 10

  /// One last pass over what is pending, bounded so that a dead endpoint cannot hold up an exit
  /// (what it misses is delivered by the next run: the cursor has not moved).
  public static func finalDelivery(_ webhooks: WebhookDeliverer, within seconds: Double = 5) async {
    guard !webhooks.hooks.isEmpty else { return }
    let pass = Task { await webhooks.deliverPending() }
    let timer = Task {
      try? await Task.sleep(for: .milliseconds(Int64(seconds * 1000)))
      pass.cancel()
    }
    await pass.value
    timer.cancel()
  }
}

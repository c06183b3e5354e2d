import AsyncHTTPClient
import Foundation
import JitCore
import JitSystem
import Logging

/// Delivers events from `.jit/events.jsonl` to each `[[webhooks]]` endpoint, in order, at least once:
/// a byte-offset cursor per endpoint under `.jit/run/dispatch/webhooks/` moves past an event only once
/// it was delivered (a 2xx) or given up after `max_attempts` (`dispatch.webhook_failed`), so a restart
/// resends what was not acknowledged. Runs beside dispatch, never in its way. A store with a log of
/// its own (PostgreSQL's `jit_events`) is read by sequence instead: the cursor holds the last
/// sequence number settled, and moves once every event of a batch is.
///
/// Each POST carries the event's JSON line as its body and Standard Webhooks headers: `webhook-id`
/// (the event's `event_id`, the idempotency key), `webhook-timestamp` (Unix seconds) and, when the
/// endpoint has a secret (`secret_env` names the variable holding it), `webhook-signature:
/// v1,<base64 HMAC-SHA256(secret, "<id>.<timestamp>.<body>")>`.
public struct WebhookDeliverer: Sendable {
  public let hooks: [DispatchConfig.Webhook]
  public let layout: RepositoryLayout
  let environment: [String: String]
  let logger: Logger
  let record: @Sendable (String, [String: JSONValue]) -> Void
  /// The store's own log, when it has one (PostgreSQL); nil: the file.
  let log: (any SequencedEventLog)?

  public init(
    hooks: [DispatchConfig.Webhook], layout: RepositoryLayout, log: (any SequencedEventLog)? = nil,
    environment: [String: String], logger: Logger,
    record: @escaping @Sendable (String, [String: JSONValue]) -> Void
  ) {
    self.hooks = hooks
    self.layout = layout
    self.log = log
    self.environment = environment
    self.logger = logger
    self.record = record
  }

  var directory: String { layout.runDirectory + "/dispatch/webhooks" }

  func cursorFile(_ index: Int, _ hook: DispatchConfig.Webhook) -> String {
    let digest = HMAC.sha256(Array(hook.url.utf8)).prefix(6).map { String(format: "%02x", $0) }.joined()
    return directory + "/\(index)-\(digest).offset"
  }

  /// Delivers everything pending, endpoint by endpoint, until every cursor is at the end.
  public func deliverPending() async {
    guard !hooks.isEmpty else { return }
    try? FileSystem.createDirectory(directory)
    for (index, hook) in hooks.enumerated() { await deliver(hook, cursor: cursorFile(index, hook)) }
  }

  /// Delivers every `interval` until cancelled.
  public func run(interval: Duration = .milliseconds(300)) async {
    while !Task.isCancelled {
      await deliverPending()
      try? await Task.sleep(for: interval)
    }
  }

  func deliver(_ hook: DispatchConfig.Webhook, cursor: String) async {
    // One deliverer per endpoint at a time, across processes.
    let lock = open(cursor + ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    guard lock >= 0 else { return }
    defer { close(lock) }
    guard flock(lock, LOCK_EX | LOCK_NB) == 0 else { return }
    var offset = (try? FileSystem.read(cursor)).flatMap { Int(String(decoding: $0, as: UTF8.self)) } ?? 0
    if let log { return await deliver(hook, from: log, after: Int64(offset), cursor: cursor) }
    guard let bytes = try? FileSystem.read(layout.eventsFile), bytes.count > offset else { return }
    var start = offset
    while let newline = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) {
      let line = Array(bytes[start..<newline])
      start = newline + 1
      if let event = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
        let name = event["event"] as? String, let id = event["event_id"] as? String,
        name != "dispatch.webhook_failed", hook.events.isEmpty || hook.events.contains(name)
      {
        guard await post(line, id: id, name: name, to: hook) else { return }  // cancelled: resume later
      }
      offset = start
      try? FileSystem.writeAtomically(Array(String(offset).utf8), to: cursor)
    }
  }

  /// Delivers the events of a store's log numbered after `sequence`, then moves the cursor past
  /// them (a cancelled delivery leaves it, so the batch is sent again: at least once).
  func deliver(
    _ hook: DispatchConfig.Webhook, from log: any SequencedEventLog, after sequence: Int64, cursor: String
  )
    async
  {
    guard let (contents, last) = try? log.events(after: sequence), last > sequence else { return }
    let encoder = JSONCoding.lineEncoder()
    for event in contents.events
    where event.event != "dispatch.webhook_failed"
      && (hook.events.isEmpty || hook.events.contains(event.event))
    {
      guard let line = try? encoder.encode(event) else { continue }
      guard await post(Array(line), id: event.eventID, name: event.event, to: hook) else { return }
    }
    try? FileSystem.writeAtomically(Array(String(last).utf8), to: cursor)
  }

  /// POSTs one event with bounded retries; false only when cancelled before it was settled.
  func post(_ body: [UInt8], id: String, name: String, to hook: DispatchConfig.Webhook) async -> Bool {
    var lastError = ""
    for attempt in 1...hook.maxAttempts {
      if Task.isCancelled { return false }
      do {
        var request = HTTPClientRequest(url: hook.url)
        request.method = .POST
        let timestamp = String(Int(Date().timeIntervalSince1970))
        request.headers.add(name: "content-type", value: "application/json")
        request.headers.add(name: "webhook-id", value: id)
        request.headers.add(name: "webhook-timestamp", value: timestamp)
        if let name = hook.secretEnv, let secret = environment[name] {
          let signed = Array("\(id).\(timestamp).".utf8) + body
          let mac = HMAC.sha256(key: Array(secret.utf8), message: signed)
          request.headers.add(name: "webhook-signature", value: "v1," + Data(mac).base64EncodedString())
        }
        request.body = .bytes(body)
        let response = try await HTTPClient.shared.execute(
          request, timeout: .milliseconds(Int64(hook.timeoutSecs * 1000)))
        _ = try? await response.body.collect(upTo: 1 << 16)
        if (200..<300).contains(Int(response.status.code)) { return true }
        lastError = "HTTP \(response.status.code)"
        if response.status.code == 410 { break }  // gone: the endpoint asks not to be retried
      } catch {
        lastError = "\(error)"
      }
      logger.info("webhook \(hook.url) attempt \(attempt) for \(id) failed: \(lastError)")
      if attempt < hook.maxAttempts {
        let delay = SchedulingPolicy.backoff(attempt: attempt, baseSecs: hook.retryBaseSecs, capSecs: 300)
        try? await Task.sleep(for: .milliseconds(Int64(delay * 1000)))
      }
    }
    record(
      "dispatch.webhook_failed",
      [
        "url": .string(hook.url), "event_id": .string(id), "event_name": .string(name),
        "error": .string(lastError),
      ])
    return true
  }
}

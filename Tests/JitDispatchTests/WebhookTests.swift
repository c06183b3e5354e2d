import Foundation
import JitDispatch
import JitTestSupport
import Testing

@Suite(.serialized) struct WebhookTests {
  @Test func hmacMatchesTheStandardVectors() {
    let hex = { (bytes: [UInt8]) in bytes.map { String(format: "%02x", $0) }.joined() }
    #expect(
      hex(HMAC.sha256(Array("abc".utf8)))
        == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    #expect(hex(HMAC.sha256([])) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    // RFC 4231, test case 2.
    #expect(
      hex(HMAC.sha256(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8)))
        == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
  }

  /// A loopback receiver (Python's http.server, so the signature is checked by another
  /// implementation) that answers 500 to each event's first two deliveries, then 200.
  static let receiver = """
    import hmac, hashlib, base64, json, sys, http.server
    log, port_file, secret = sys.argv[1], sys.argv[2], sys.argv[3].encode()
    seen = {}
    class H(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers['content-length'] or 0))
            wid, ts, sig = self.headers['webhook-id'], self.headers['webhook-timestamp'], self.headers.get('webhook-signature', '')
            mac = base64.b64encode(hmac.new(secret, f'{wid}.{ts}.'.encode() + body, hashlib.sha256).digest()).decode()
            seen[wid] = seen.get(wid, 0) + 1
            status = 500 if seen[wid] <= 2 else 200
            with open(log, 'a') as f:
                f.write(json.dumps({'id': wid, 'status': status, 'valid': sig == 'v1,' + mac, 'body': json.loads(body)}) + '\\n')
            self.send_response(status); self.send_header('content-length', '0'); self.end_headers()
    """ + "\n" + serve

  @Test func eventsAreDeliveredSignedRetriedAndOnceAcknowledgedNotResent() throws {
    let d = try DispatchRepo()
    let (server, port) = try Self.startReceiver(Self.receiver, in: d, "s3cret")
    defer { Self.stop(server) }
    try d.script("agent.sh", "echo ok")
    try d.config(
      """
      [[agents]]
      id = "w"
      command = "./agent.sh"

      [[webhooks]]
      url = "http://127.0.0.1:\(port)/hook"
      events = ["dispatch.run_exited", "issue.completed"]
      secret_env = "HOOK_SECRET"
      retry_base_secs = 0.1
      timeout_secs = 2
      """)
    let id = try d.repo.create("notify me")
    var environment = d.repo.environment
    environment["HOOK_SECRET"] = "s3cret"
    let result = try BuiltBinary.run(
      d.dispatch, ["once", "--config", "dispatch.toml", "--jit-path", d.jit], in: d.root,
      environment: environment)
    #expect(result.status == 0, "\(result.stderr)")
    let received = try String(contentsOfFile: d.path("received.jsonl"), encoding: .utf8).split(
      separator: "\n"
    )
    .compactMap { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    // Two events, each refused twice then accepted: six deliveries, in order, all signed correctly.
    #expect(received.count == 6)
    #expect(received.allSatisfy { $0["valid"] as? Bool == true })
    let names = received.compactMap { ($0["body"] as? [String: Any])?["event"] as? String }
    #expect(
      names == Array(repeating: "issue.completed", count: 3)
        + Array(repeating: "dispatch.run_exited", count: 3))
    #expect(received.compactMap { $0["status"] as? Int } == [500, 500, 200, 500, 500, 200])
    let ids = received.compactMap { $0["id"] as? String }
    let completed = try #require(try d.events("issue.completed").first { $0["id"] as? String == id })
    #expect(ids.first == completed["event_id"] as? String, "the idempotency key is the event id")
    // Acknowledged events are not sent again by the next run.
    let again = try BuiltBinary.run(
      d.dispatch, ["once", "--config", "dispatch.toml", "--jit-path", d.jit], in: d.root,
      environment: environment)
    #expect(again.status == 0)
    let after = try String(contentsOfFile: d.path("received.jsonl"), encoding: .utf8).split(separator: "\n")
    #expect(after.count == 6)
  }

  @Test func aDeadEndpointNeverBlocksDispatchAndIsGivenUpVisibly() throws {
    let d = try DispatchRepo()
    try d.script("agent.sh", "echo ok")
    // Nothing listens on this port: every delivery fails fast.
    try d.config(
      """
      [[agents]]
      id = "w"
      command = "./agent.sh"

      [[webhooks]]
      url = "http://127.0.0.1:9/hook"
      events = ["issue.completed"]
      max_attempts = 2
      retry_base_secs = 0.1
      timeout_secs = 0.5
      """)
    let id = try d.repo.create("done regardless")
    let result = try d.run("once")
    #expect(result.status == 0)
    #expect(try d.state(id) == "done")
    let failed = try d.events("dispatch.webhook_failed")
    #expect(failed.count == 1)
    #expect(failed.first?["event_name"] as? String == "issue.completed")
  }
}

extension WebhookTests {
  /// The end of every receiver script: quiet, on a free loopback port, written to `port_file`.
  static let serve = """
        def log_message(self, *a): pass
    s = http.server.HTTPServer(('127.0.0.1', 0), H)
    open(port_file, 'w').write(str(s.server_address[1]))
    s.serve_forever()
    """

  /// A loopback receiver that answers 500 while the file `refuse` exists, else 200, and logs every
  /// delivery with its status.
  static let switchable = """
    import json, os, sys, http.server
    log, port_file, refuse = sys.argv[1], sys.argv[2], sys.argv[3]
    class H(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers['content-length'] or 0))
            status = 500 if os.path.exists(refuse) else 200
            with open(log, 'a') as f:
                f.write(json.dumps({'id': self.headers['webhook-id'], 'status': status}) + '\\n')
            self.send_response(status); self.send_header('content-length', '0'); self.end_headers()
    """ + "\n" + serve

  @Test func eventsPendingAtAKill9AreDeliveredAfterRestartAndAcknowledgedOnesAreNot() throws {
    let d = try DispatchRepo()
    let (server, port) = try Self.startReceiver(Self.switchable, in: d, d.path("refuse"))
    defer { Self.stop(server) }
    try d.script("agent.sh", "exit 0")
    // Its agent takes only critical work, so nothing is dispatched: this is about delivery alone.
    try d.config(
      """
      [dispatch]
      poll_interval_secs = 0.2
      [[agents]]
      id = "w"
      command = "./agent.sh"
      filter = "priority:critical"

      [[webhooks]]
      url = "http://127.0.0.1:\(port)/hook"
      events = ["issue.created"]
      max_attempts = 1000
      retry_base_secs = 0.1
      timeout_secs = 2
      """)
    func deliveries() throws -> [(id: String, status: Int)] {
      let text = (try? String(contentsOfFile: d.path("received.jsonl"), encoding: .utf8)) ?? ""
      return try text.split(separator: "\n").compactMap {
        let object = try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        guard let id = object?["id"] as? String, let status = object?["status"] as? Int else { return nil }
        return (id, status)
      }
    }
    func createdEvent(_ issue: String) throws -> String {
      let event = try #require(try d.events("issue.created").first { $0["id"] as? String == issue })
      return try #require(event["event_id"] as? String)
    }
    // 1. Delivered and acknowledged.
    let first = try d.launch("start")
    defer { if first.isRunning { kill(first.processIdentifier, SIGKILL) } }
    let acknowledged = try createdEvent(try d.repo.create("acknowledged"))
    try d.wait(15, "the first event to be acknowledged") {
      try deliveries().contains { $0.id == acknowledged && $0.status == 200 }
    }
    // 2. The receiver fails; an event is tried and pending when the dispatcher is killed.
    FileManager.default.createFile(atPath: d.path("refuse"), contents: nil)
    let pending = try createdEvent(try d.repo.create("pending"))
    try d.wait(15, "the second event to be refused") {
      try deliveries().contains { $0.id == pending && $0.status == 500 }
    }
    kill(first.processIdentifier, SIGKILL)
    first.waitUntilExit()
    #expect(!(try deliveries().contains { $0.id == pending && $0.status == 200 }))
    // 3. The receiver is back; a new dispatcher delivers what was pending, and only that.
    try FileManager.default.removeItem(atPath: d.path("refuse"))
    let second = try d.launch("start")
    defer { if second.isRunning { kill(second.processIdentifier, SIGKILL) } }
    try d.wait(15, "the pending event to be delivered after the restart") {
      try deliveries().contains { $0.id == pending && $0.status == 200 }
    }
    kill(second.processIdentifier, SIGTERM)
    second.waitUntilExit()
    let all = try deliveries()
    #expect(all.filter { $0.id == acknowledged }.count == 1, "acknowledged once, never sent again: \(all)")
    #expect(all.filter { $0.id == pending && $0.status == 200 }.count == 1, "\(all)")
  }

  /// Starts a Python receiver script as `python3 receiver.py received.jsonl port <argument>` and
  /// returns it with the port it listens on.
  static func startReceiver(_ script: String, in d: DispatchRepo, _ argument: String) throws -> (
    Process, String
  ) {
    try script.write(toFile: d.path("receiver.py"), atomically: true, encoding: .utf8)
    let server = Process()
    server.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    server.arguments = ["python3", d.path("receiver.py"), d.path("received.jsonl"), d.path("port"), argument]
    server.standardOutput = FileHandle.nullDevice
    server.standardError = FileHandle.nullDevice
    try server.run()
    do {
      try d.wait(10, "the receiver to listen") { FileManager.default.fileExists(atPath: d.path("port")) }
      return (server, try String(contentsOfFile: d.path("port"), encoding: .utf8))
    } catch {
      stop(server)
      throw error
    }
  }

  /// SIGKILL: a child of the test process may start with SIGTERM blocked.
  static func stop(_ server: Process) {
    kill(server.processIdentifier, SIGKILL)
    server.waitUntilExit()
  }
}

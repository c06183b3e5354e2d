import Foundation

/// A webhook receiver on 127.0.0.1 (Python's http.server, so jit-notify talks to an HTTP stack
/// nobody here wrote): it answers `status` to every POST and keeps each body, one JSON per line.
public final class LoopbackReceiver: @unchecked Sendable {  // safe: every stored property is immutable
  public let url: String
  let log: String
  let process: Process

  static let script = """
    import json, sys, http.server
    log, status = sys.argv[1], int(sys.argv[2])
    class H(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers['content-length'] or 0))
            with open(log, 'a') as f:
                f.write(json.dumps(json.loads(body)) + '\\n')
            self.send_response(status); self.send_header('content-length', '0'); self.end_headers()
        def log_message(self, *a): pass
    s = http.server.HTTPServer(('127.0.0.1', 0), H)
    print(s.server_address[1], flush=True)
    s.serve_forever()
    """

  /// Starts the receiver; it answers `status` (200 by default) to every request.
  public init(directory: TemporaryDirectory, status: Int = 200) throws {
    log = directory.file("received-\(UUID().uuidString).jsonl")
    FileManager.default.createFile(atPath: log, contents: Data())
    process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", Self.script, log, String(status)]
    let out = Pipe()
    process.standardOutput = out
    try process.run()
    var line = Data()
    while !line.contains(10) {
      let chunk = out.fileHandleForReading.availableData
      if chunk.isEmpty { break }
      line.append(chunk)
    }
    guard
      let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    else {
      process.terminate()
      throw HarnessError("the loopback receiver did not start (python3 missing?)")
    }
    url = "http://127.0.0.1:\(port)/hook"
  }

  /// Every body received so far, in order.
  public func bodies() -> [[String: Any]] {
    let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
    return text.split(separator: "\n").compactMap {
      try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
    }
  }

  /// Stops it with SIGKILL: a child of the test process may inherit a mask that blocks SIGTERM.
  public func stop() {
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
  }
}

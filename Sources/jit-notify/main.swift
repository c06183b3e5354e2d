// jit-notify: delivers one alert notification over HTTP(S) for `jit alert check`, which links no
// HTTP client (the static jit cannot link FoundationNetworking; SwiftNIO stays out of its build).
// Standard input: {"url": "...", "body": {...}, "timeout_secs": 5, "max_attempts": 3}.
// It POSTs `body` as application/json, retrying a failure (a connection error, a timeout, a
// status other than 2xx; not 4xx other than 408 and 429) with backoff; standard output gets one
// line, {"delivered": true|false, "attempts": N, "status": 200, "error": "..."}; exit 0 when
// delivered, 1 when not, 2 for input it cannot read.
import AsyncHTTPClient
import Foundation

func answer(_ object: [String: Any], exit status: Int32) -> Never {
  let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
  FileHandle.standardOutput.write(data + Data("\n".utf8))
  exit(status)
}

let input = FileHandle.standardInput.readDataToEndOfFile()
guard let request = (try? JSONSerialization.jsonObject(with: input)) as? [String: Any],
  let url = request["url"] as? String, url.hasPrefix("http://") || url.hasPrefix("https://"),
  let body = request["body"]
else {
  answer(
    ["delivered": false, "attempts": 0, "error": "jit-notify: expected {\"url\", \"body\"} on stdin"], exit: 2
  )
}
let timeout = min(max((request["timeout_secs"] as? Double) ?? 5, 0.1), 300)
let attempts = min(max((request["max_attempts"] as? Int) ?? 3, 1), 10)
let payload = (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) ?? Data("null".utf8)

func post() async -> (delivered: Bool, attempts: Int, status: Int?, error: String?) {
  var lastError = ""
  var lastStatus: Int?
  for attempt in 1...attempts {
    do {
      var outgoing = HTTPClientRequest(url: url)
      outgoing.method = .POST
      outgoing.headers.add(name: "content-type", value: "application/json")
      outgoing.headers.add(name: "user-agent", value: "jit-notify")
      outgoing.body = .bytes([UInt8](payload))
      let response = try await HTTPClient.shared.execute(
        outgoing, timeout: .milliseconds(Int64(timeout * 1000)))
      _ = try? await response.body.collect(upTo: 1 << 16)
      let code = Int(response.status.code)
      lastStatus = code
      if (200..<300).contains(code) { return (true, attempt, code, nil) }
      lastError = "HTTP \(code)"
      if (400..<500).contains(code) && code != 408 && code != 429 { return (false, attempt, code, lastError) }
    } catch {
      lastError = "\(error)"
    }
    if attempt < attempts { try? await Task.sleep(for: .milliseconds(250 << (attempt - 1))) }
  }
  return (false, attempts, lastStatus, lastError)
}

let outcome = await post()
var reply: [String: Any] = ["delivered": outcome.delivered, "attempts": outcome.attempts]
if let status = outcome.status { reply["status"] = status }
if let error = outcome.error { reply["error"] = error }
answer(reply, exit: outcome.delivered ? 0 : 1)

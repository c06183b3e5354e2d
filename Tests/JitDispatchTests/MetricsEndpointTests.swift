import Foundation
import JitTestSupport
import Testing

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// `jit-dispatch start --metrics-listen`: GET /metrics as Prometheus scrapes it.
@Suite(.serialized) struct MetricsEndpointTests {
  @Test func theDispatcherServesTheExportAtSlashMetrics() async throws {
    let d = try DispatchRepo()
    try d.script("agent.sh", "exec sleep 600")  // still running when the dispatcher is stopped
    try d.config(
      """
      [dispatch]
      poll_interval_secs = 0.2
      shutdown_grace_secs = 0.5
      [[agents]]
      id = "w"
      command = "./agent.sh"
      """)
    let running = try d.repo.create("running")
    _ = try d.repo.create("blocked", "--dep", running)
    let log = d.path("dispatch.err")
    FileManager.default.createFile(atPath: log, contents: nil)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: d.dispatch)
    process.arguments = d.withConfig(["start", "--metrics-listen", "127.0.0.1:0"])
    process.currentDirectoryURL = URL(fileURLWithPath: d.root)
    process.environment = d.repo.environment
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle(forWritingAtPath: log)
    try process.run()
    defer {
      if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
    var url: URL?
    try d.wait(20, "the server to say its address") {
      let said = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
      guard let range = said.range(of: #"http://127\.0\.0\.1:[0-9]+/metrics"#, options: .regularExpression)
      else { return false }
      url = URL(string: String(said[range]))
      return true
    }
    try d.wait(20, "the agent to run") { try d.state(running) == "in_progress" }
    let endpoint = try #require(url)
    let (body, response) = try await URLSession.shared.data(from: endpoint)
    let http = try #require(response as? HTTPURLResponse)
    #expect(http.statusCode == 200)
    #expect(http.value(forHTTPHeaderField: "Content-Type")?.hasPrefix("text/plain; version=0.0.4") == true)
    let text = String(decoding: body, as: UTF8.self)
    // The same metrics as `jit metrics export`, of the repository as it is now.
    #expect(text.contains("jit_issues{state=\"in_progress\"} 1"), "\(text)")
    #expect(text.contains("# TYPE jit_events_total counter"))
    try Promtool.check(text)
    let other = endpoint.deletingLastPathComponent().appendingPathComponent("nothing")
    let (_, missing) = try await URLSession.shared.data(from: other)
    #expect((missing as? HTTPURLResponse)?.statusCode == 404)
    // SIGTERM stops the server with the dispatcher, and the run's work is given back.
    kill(process.processIdentifier, SIGTERM)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "\((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
    let trace = try d.dispatchTrace()
    #expect(try d.state(running) == "ready", "\(trace)")
  }

  @Test(arguments: ["9464", "localhost", "127.0.0.1:99999", "127.0.0.1:x", "a b:80"])
  func aBadAddressIsRefusedBeforeAnythingRuns(_ address: String) throws {
    let d = try DispatchRepo()
    try d.config("[[agents]]\nid = \"w\"\ncommand = \"true\"\n")
    let id = try d.repo.create("untouched")
    let result = try d.run("start", "--metrics-listen", address, "--until-idle")
    #expect(result.status == 2)
    #expect(
      result.stderr.contains("INVALID_ARGUMENT") && result.stderr.contains("HOST:PORT"), "\(result.stderr)")
    #expect(try d.state(id) == "ready")
  }

  @Test func anAddressInUseStopsTheDispatcherWithIOError() throws {
    let d = try DispatchRepo()
    try d.script("agent.sh", "sleep 30")
    try d.config(
      "[dispatch]\npoll_interval_secs = 0.2\nshutdown_grace_secs = 0.5\n[[agents]]\nid = \"w\"\ncommand = \"./agent.sh\"\n"
    )
    let id = try d.repo.create("work")
    // Take a port on loopback and keep it.
    let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(socket) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    try withUnsafeMutablePointer(to: &address) { pointer in
      try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
        guard bind(socket, raw, length) == 0, listen(socket, 1) == 0, getsockname(socket, raw, &length) == 0
        else { throw HarnessError("cannot take a port") }
      }
    }
    let port = Int(UInt16(bigEndian: address.sin_port))
    let result = try d.run("start", "--metrics-listen", "127.0.0.1:\(port)")
    #expect(result.status == 1)
    #expect(result.stderr.contains("IO_ERROR"), "\(result.stderr)")
    // Whatever it had started is given back, as at SIGTERM.
    #expect(try d.state(id) == "ready")
  }
}

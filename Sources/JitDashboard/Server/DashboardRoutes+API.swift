import Hummingbird
import JitApp
import JitCore
import JitWire

/// `/api/...`: the CLI's `--json` answers, written by the same JitWire views from the same
/// application calls, and `/metrics`, the text `jit metrics export --prometheus` prints.
extension DashboardRoutes {
  func registerAPI(on router: Router<BasicRequestContext>) {
    api(router, "/api/status") { _, _ in try WireEncoder.documentBytes(try await application.status()) }
    api(router, "/api/issues") { request, _ in
      // `jit issue list --state S... [--assignee A] [--priority P] [--limit N] --json`.
      let parameters = request.uri.queryParameters
      let states = parameters.getAll("state").flatMap { $0.split(separator: ",").map(String.init) }
      let filter = try JitApplication.listFilter(
        expression: parameters.get("filter"), states: states.isEmpty ? ["open"] : states,
        assignees: parameters.getAll("assignee"), priorities: try parameters.getAll("priority").map(priority))
      return try await rows(.filter(filter), limit: try limit(parameters.get("limit")))
    }
    api(router, "/api/ready") { request, _ in
      try await rows(.ready, limit: try limit(request.uri.queryParameters.get("limit")))
    }
    api(router, "/api/blocked") { request, _ in
      try await rows(.blocked, limit: try limit(request.uri.queryParameters.get("limit")))
    }
    api(router, "/api/issues/:id") { _, context in
      let detail = try await application.issueDetail(context.parameters.get("id") ?? "")
      var view = IssueView(
        detail.issue, blockedBy: detail.blockedBy, gatesBlockingDone: detail.gatesBlockingDone,
        untilDone: detail.outlook)
      view.staleGates = detail.staleGates
      view.external = detail.external
      view.signatures = detail.signatures
      view.lease = detail.lease
      return try WireEncoder.documentBytes(view)
    }
    api(router, "/api/alerts") { _, _ in
      try await application.run { app in
        let states = try app.alertStates()
        return try WireEncoder.documentBytes(
          try app.alerts().sorted.map { AlertView($0, status: states[$0.name]) })
      }
    }
    api(router, "/api/agents") { _, _ in try WireEncoder.documentBytes(try await activity().json) }
    router.get("/api/events") { request, _ -> Response in
      // `jit events tail -n N --json`: one event per line.
      await timed {
        let limit = try Layout.number(
          request.uri.queryParameters.get("limit"), "limit", default: 100, in: 0...DashboardHub.recentLimit)
        var text = ""
        for event in await hub.recent.suffix(limit) { text += try WireEncoder.line(event) + "\n" }
        return Response(
          status: .ok, headers: [.contentType: "application/x-ndjson; charset=utf-8"],
          body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
      }
    }
    router.get("/api/export") { request, _ -> Response in
      // `jit export --format dot|mermaid [--issue ID --depth N]`.
      await timed {
        let parameters = request.uri.queryParameters
        let name = parameters.get("format") ?? "dot"
        guard let format = GraphExportFormat(rawValue: name) else {
          throw JitError(
            .invalidArgument, "format '\(name)' is not dot or mermaid", details: ["option": .string("format")]
          )
        }
        let issue = parameters.get("issue")
        let depth = try parameters.get("depth").map { text -> Int in
          guard let depth = Int(text) else {
            throw JitError(.invalidArgument, "depth '\(text)' is not a number")
          }
          return depth
        }
        let text = try await application.run { try $0.export(format, around: issue, depth: depth).text }
        return Response(
          status: .ok, headers: [.contentType: "text/plain; charset=utf-8"],
          body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
      }
    }
    router.get("/metrics") { _, _ -> Response in
      await timed {
        let text = try await application.run { try $0.exportMetrics() }
        return Response(
          status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
          body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
      }
    }
  }

  func priority(_ text: String) throws -> Priority {
    guard let priority = Priority(name: text) else {
      throw JitError(.invalidArgument, "priority '\(text)' is not low, normal, high or critical")
    }
    return priority
  }

  func limit(_ text: String?) throws -> Int? {
    guard let text else { return nil }
    guard let value = Int(text) else { throw JitError(.invalidArgument, "limit '\(text)' is not a number") }
    return value
  }

  /// A query's rows as `jit query ... --json` streams them.
  func rows(_ query: IssueQuery, limit: Int?) async throws -> [UInt8] {
    try await application.run { app in
      var bytes: [UInt8] = []
      var writer = IssueArrayWriter()
      try app.query(query, limit: limit) { row in writer.add(row) { bytes += $0 } }
      writer.finish { bytes += $0 }
      return bytes
    }
  }

  /// A JSON route: the bytes `render` gives, or the error envelope, 503 past the time limit.
  func api(
    _ router: Router<BasicRequestContext>, _ path: RouterPath,
    _ render: @escaping @Sendable (Request, BasicRequestContext) async throws -> [UInt8]
  ) {
    router.get(path) { request, context -> Response in
      await timed {
        var bytes = try await render(request, context)
        if bytes.last != 10 { bytes.append(10) }
        return Response(
          status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
          body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
      }
    }
  }
}

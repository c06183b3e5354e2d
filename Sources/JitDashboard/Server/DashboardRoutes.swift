import Hummingbird
import JitApp
import JitCore

/// The routes, over one hub. Pages render from the hub's snapshot (the issue page asks the
/// application for its detail, as `jit issue show` does); each answer has `requestTimeout`.
struct DashboardRoutes: Sendable {
  let hub: DashboardHub
  let options: DashboardOptions
  var application: JitApplication { hub.application }

  func register(on router: Router<BasicRequestContext>) {
    page(router, "/") { request, _ in
      let query = request.uri.queryParameters
      let snapshot = await hub.snapshot
      return BoardPage.render(
        snapshot,
        limit: try Layout.number(
          query.get("limit"), "limit", default: BoardPage.defaultLimit, in: 1...100_000),
        done: try Layout.number(query.get("done"), "done", default: BoardPage.defaultDone, in: 0...100_000))
    }
    page(router, "/blocked") { request, _ in
      BlockedPage.render(
        await hub.snapshot,
        page: try Layout.number(
          request.uri.queryParameters.get("page"), "page", default: 1, in: 1...1_000_000))
    }
    page(router, "/issues/:id") { _, context in
      let id = context.parameters.get("id") ?? ""
      let detail = try await application.issueDetail(id)
      return IssuePage.render(
        detail, snapshot: await hub.snapshot, history: await hub.history(of: detail.issue.id))
    }
    page(router, "/graph") { request, _ in
      let parameters = request.uri.queryParameters
      var query = GraphPage.Query()
      query.issue = parameters.get("issue").flatMap { $0.isEmpty ? nil : $0 }
      query.depth = try Layout.number(parameters.get("depth"), "depth", default: 2, in: 1...3)
      if let state = parameters.get("state"), !state.isEmpty {
        guard state == "open" || state == "all" || IssueState(rawValue: state) != nil else {
          throw JitError.invalidArgument(
            "?state=\(state): use open, all or a state ("
              + IssueState.allCases.map(\.rawValue).joined(separator: ", ")
              + ")", details: ["parameter": "state", "input": .string(state)])
        }
        query.state = state
      }
      if let name = parameters.get("priority"), !name.isEmpty {
        guard let priority = Priority(name: name) else {
          throw JitError.invalidArgument(
            "?priority=\(name): use low, normal, high or critical",
            details: ["parameter": "priority", "input": .string(name)])
        }
        query.priority = priority.rawValue
      }
      return GraphPage.render(query, snapshot: await hub.snapshot)
    }
    page(router, "/agents") { _, _ in
      AgentsPage.render(try await activity(), snapshot: await hub.snapshot)
    }
    page(router, "/stats") { _, _ in
      let (metrics, alerts) = try await application.run { app in
        (
          try app.metricsSnapshot(),
          StatsPage.Alerts(definitions: try app.alerts().sorted, states: try app.alertStates())
        )
      }
      return StatsPage.render(metrics, daily: await hub.daily, alerts: alerts)
    }
    page(router, "/events") { request, _ in
      let limit = try Layout.number(
        request.uri.queryParameters.get("limit"), "limit", default: 200, in: 1...DashboardHub.recentLimit)
      return EventsPage.render(await hub.recent, snapshot: await hub.snapshot, limit: limit)
    }
    page(router, "/inbox") { _, _ in InboxPage.render(await hub.snapshot) }
    router.get("/assets/:name") { _, context -> Response in
      guard let name = context.parameters.get("name"), let asset = Assets.files[name] else {
        return Failure.response(.notFound, "NOT_FOUND", "no such asset")
      }
      return Response(
        status: .ok, headers: [.contentType: asset.type, .cacheControl: "no-cache"],
        body: ResponseBody(byteBuffer: ByteBuffer(string: asset.text)))
    }
    router.get("/events/stream") { request, _ -> Response in
      await EventStream.response(request, hub: hub, heartbeat: options.heartbeat)
    }
    registerAPI(on: router)
    // Anything else is no page: the envelope and the security headers, as every other answer.
    for path in ["**", "/api/**"] {
      router.get(RouterPath(path)) { _, _ -> Response in
        Failure.response(.notFound, "NOT_FOUND", "no such page")
      }
    }
  }

  /// Reads what jit-dispatch recorded, off the cooperative pool.
  func activity() async throws -> DispatchActivity {
    let snapshot = await hub.snapshot
    let held =
      (snapshot.columns[.ready] ?? []).compactMap { snapshot.issues[$0] }.filter { $0.hold != nil }
      + (snapshot.columns[.backlog] ?? []).compactMap { snapshot.issues[$0] }.filter { $0.hold != nil }
    let config = options.dispatchConfig
    return try await application.run { app in
      DispatchActivity.read(layout: app.layout, held: held, configPath: config, now: app.tracker.clock())
    }
  }

  /// A page route: HTML from `render`, an error's envelope if it throws, 503 past the time limit.
  func page(
    _ router: Router<BasicRequestContext>, _ path: RouterPath,
    _ render: @escaping @Sendable (Request, BasicRequestContext) async throws -> String
  ) {
    router.get(path) { request, context -> Response in
      await timed {
        Response(
          status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
          body: ResponseBody(byteBuffer: ByteBuffer(string: try await render(request, context))))
      }
    }
  }

  /// `body`, or the error it throws as an envelope, or 503 after `requestTimeout`.
  func timed(_ body: @escaping @Sendable () async throws -> Response) async -> Response {
    do {
      return try await withTimeout(options.requestTimeout, body)
        ?? Failure.response(
          .serviceUnavailable, "TIMEOUT", "the answer took longer than \(options.requestTimeout)")
    } catch {
      return Failure.response(error)
    }
  }
}

/// The files the pages load, compiled into the binary: nothing else is ever served as a file.
enum Assets {
  static let files: [String: (type: String, text: String)] = [
    "style.css": ("text/css; charset=utf-8", Stylesheet.text),
    "app.js": ("text/javascript; charset=utf-8", AppScript.text),
    "favicon.svg": ("image/svg+xml", Stylesheet.favicon),
  ]
}

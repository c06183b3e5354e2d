import JitApp
import JitCore
import JitWire

extension ToolCatalog {
  /// Adds a claim by id, queries (blocked work among them), dependencies, the graph, events, status.
  static let standard: [JitTool] = [
    JitTool(
      "claim", .standard, .write, "Claim one ready issue by id; answers the gates it must pass.",
      properties: ["id": Schema.id, "lease": Schema.string("Claim lapses unless renewed: 90s, 15m, 2h")],
      required: ["id"]
    ) { arguments, application in
      let lease = try arguments.string("lease")
      let issue = try application.claim(arguments.requiredString("id"), lease: lease)
      var view = IssueView(issue, untilDone: try application.outlookAfterClaim(issue))
      if lease != nil { view.lease = try application.lease(issue.id.rawValue) }
      return try .view(view)
    },
    JitTool(
      "query", .standard, .reads,
      "Issues in work order: blocked ones with why, else those matching a filter (default: open).",
      properties: [
        "blocked": Schema.boolean("Open issues held back, with blocked_by"),
        "filter": Schema.string("e.g. state:in_progress assignee:agent:w1 priority:high"),
        "limit": Schema.limit(20, 200),
      ]
    ) { arguments, application in
      let limit = try arguments.limit(fallback: 20, maximum: 200)
      let filter = try arguments.string("filter")
      if try arguments.bool("blocked") == true {
        guard filter == nil else {
          throw JitError.invalidArgument(
            "query: give blocked or a filter, not both", details: ["argument": "filter"])
        }
        return try .issues(.blocked, limit: limit, in: application)
      }
      let query = try JitApplication.listFilter(expression: filter, states: filter == nil ? ["open"] : [])
      return try .issues(.filter(query), limit: limit, in: application)
    },
    JitTool(
      "dep_add", .standard, .idempotentWrite, "Make an issue depend on others (refused if a cycle).",
      properties: ["id": Schema.id, "on": Schema.strings("Ids it depends on")], required: ["id", "on"]
    ) { arguments, application in
      let change = try application.addDependencies(
        arguments.requiredString("id"), on: arguments.nonEmptyStrings("on"))
      return try .view(DependencyChangeView(change, .added))
    },
    JitTool(
      "dep_remove", .standard, .destructiveWrite, "Remove dependencies of an issue.",
      properties: ["id": Schema.id, "on": Schema.strings("Ids to stop depending on")], required: ["id", "on"]
    ) { arguments, application in
      let change = try application.removeDependencies(
        arguments.requiredString("id"), on: arguments.nonEmptyStrings("on"))
      return try .view(DependencyChangeView(change, .removed))
    },
    JitTool(
      "graph", .standard, .reads, "An issue's tree of prerequisites (upstream) or dependents.",
      properties: [
        "id": Schema.id, "direction": Schema.oneOf(["upstream", "downstream"], "Default upstream"),
        "depth": Schema.integer("Levels (default 3)", minimum: 0, maximum: 100),
      ],
      required: ["id"]
    ) { arguments, application in
      let text = try arguments.string("direction") ?? "upstream"
      guard let direction = IssueGraph.Direction(rawValue: text) else {
        throw JitError.invalidArgument(
          "graph: direction '\(text)' is not upstream or downstream",
          details: ["argument": "direction", "input": .string(text)])
      }
      let depth = try arguments.int("depth") ?? 3
      try OptionRange.check(depth, 0...100, option: "depth")
      return try .document(
        GraphTreeJSON.render(application.tree(arguments.requiredString("id"), direction, depth: depth)))
    },
    JitTool(
      "events", .standard, .reads, "Recent events, newest last.",
      properties: [
        "issue": Schema.id, "kind": Schema.string("e.g. gate.failed, issue.claimed"),
        "since": Schema.string("1h, 2d or a timestamp"), "limit": Schema.limit(20, 200),
      ]
    ) { arguments, application in
      let limit = try arguments.limit(fallback: 20, maximum: 200)
      let search = EventSearch(
        since: try arguments.string("since"), kinds: try arguments.string("kind").map { [$0] } ?? [],
        issues: try arguments.string("issue").map { [$0] } ?? [])
      let events = try application.events(search).events
      return try .view(CappedListView("events", items: Array(events.suffix(limit)), total: events.count))
    },
    JitTool("status", .standard, .reads, "Counts: issues by state, blocked, ready to claim.") {
      _, application in
      try .view(application.status())
    },
  ]
}

extension ToolArguments {
  /// An array argument that must name at least one thing.
  func nonEmptyStrings(_ name: String) throws -> [String] {
    let values = try strings(name)
    guard !values.isEmpty else {
      throw JitError.invalidArgument(
        "\(tool): '\(name)' must name at least one issue", details: ["argument": .string(name)])
    }
    return values
  }
}

import JitApp
import JitCore
import JitWire

extension ToolCatalog {
  /// The rest an agent may do: what to do next, leases, edits, and gates other than manual ones.
  static let rest: [JitTool] = [
    JitTool("next", .all, .reads, "What you should do next: rework, work in progress, else the best ready.") {
      _, application in try .view(NextView(application.next()))
    },
    JitTool(
      "heartbeat", .all, .idempotentWrite, "Renew the lease of your claim.",
      properties: ["id": Schema.id], required: ["id"]
    ) { arguments, application in
      try .view(application.heartbeat(arguments.requiredString("id")))
    },
    JitTool(
      "update", .all, .idempotentWrite, "Change an issue's title, description or priority.",
      properties: [
        "id": Schema.id, "title": Schema.string("One line"), "description": Schema.string("Details"),
        "priority": Schema.oneOf(["low", "normal", "high", "critical"], "Priority"),
      ],
      required: ["id"]
    ) { arguments, application in
      let changes = IssueChanges(
        title: try arguments.string("title"), description: try arguments.string("description"),
        priority: try arguments.priority())
      return try .view(IssueView(application.update(arguments.requiredString("id"), changes)))
    },
    JitTool(
      "reopen", .all, .write, "Reopen a done issue; its gates go back to pending.",
      properties: ["id": Schema.id, "reason": Schema.string("Why")], required: ["id"]
    ) { arguments, application in
      try .view(
        IssueView(application.reopen(arguments.requiredString("id"), reason: arguments.string("reason"))))
    },
    JitTool(
      "stalled", .all, .reads, "In-progress issues whose lease ran out or that sat idle.",
      properties: ["idle": Schema.string("Idle longer than: 30m, 2h"), "limit": Schema.limit(20, 200)]
    ) { arguments, application in
      let limit = try arguments.limit(fallback: 20, maximum: 200)
      let stalled = try application.stalled(idle: arguments.string("idle")).map(StalledView.init)
      return try .view(CappedListView("issues", items: Array(stalled.prefix(limit)), total: stalled.count))
    },
    JitTool(
      "gates", .all, .reads, "The gate registry, by key.", properties: ["limit": Schema.limit(50, 500)]
    ) { arguments, application in
      let limit = try arguments.limit(fallback: 50, maximum: 500)
      let gates = try application.gates()
      return try .view(CappedListView("gates", items: Array(gates.prefix(limit)), total: gates.count))
    },
    JitTool(
      "gate_add", .all, .idempotentWrite, "Require a registered gate on an issue.",
      properties: ["id": Schema.id, "gate": Schema.string("Gate key")], required: ["id", "gate"]
    ) { arguments, application in
      try .view(
        GateChangeView(application.addGate(arguments.requiredString("id"), arguments.requiredString("gate"))))
    },
    JitTool(
      "gate_pass", .all, .write, "Pass an automated gate that has no checker. Never a manual gate.",
      properties: ["id": Schema.id, "gate": Schema.string("Gate key"), "reason": Schema.string("Evidence")],
      required: ["id", "gate"]
    ) { arguments, application in
      try verdict(.passed, arguments, application)
    },
    JitTool(
      "gate_fail", .all, .write, "Fail an automated gate that has no checker. Never a manual gate.",
      properties: [
        "id": Schema.id, "gate": Schema.string("Gate key"), "reason": Schema.string("What failed"),
      ],
      required: ["id", "gate"]
    ) { arguments, application in
      try verdict(.failed, arguments, application)
    },
  ]

  /// A hand verdict on a gate: refused for a manual gate whoever the server acts as, since a manual
  /// gate is a person's approval and an MCP client is a program, whatever actor it runs under.
  private static func verdict(
    _ status: GateState, _ arguments: ToolArguments, _ application: JitApplication
  ) throws -> ToolAnswer {
    let issue = try arguments.requiredString("id")
    let key = try arguments.requiredString("gate")
    if let gate = try application.gates().first(where: { $0.key == key }), !gate.auto {
      throw JitError(
        .manualGateRequiresHuman,
        "gate \(key) is manual: a person passes or fails it with 'jit gate pass' at a terminal, never through MCP",
        details: ["gate": .string(key), "issue": .string(issue), "via": "mcp"])
    }
    let change = try application.setGate(issue, key, to: status, reason: arguments.string("reason"))
    return try .view(GateChangeView(change))
  }
}

import JitApp
import JitCore
import JitWire

extension ToolCatalog {
  /// The pull loop: find work, take it, see what stands before done, finish or give it back.
  static let core: [JitTool] = [
    JitTool(
      "ready", .core, .reads, "Ready, unassigned issues, most urgent first.",
      properties: ["limit": Schema.limit(10, 100)]
    ) { arguments, application in
      try ToolAnswer.issues(.ready, limit: arguments.limit(fallback: 10, maximum: 100), in: application)
    },
    JitTool(
      "claim_next", .core, .write,
      "Claim the most urgent ready issue for you; answers the gates it must pass. NO_READY_ISSUE says why.",
      properties: [
        "filter": Schema.string("e.g. priority:high|critical"),
        "lease": Schema.string("Claim lapses unless renewed: 90s, 15m, 2h"),
      ]
    ) { arguments, application in
      let lease = try arguments.string("lease")
      let issue = try application.claimNext(filter: arguments.string("filter"), lease: lease)
      var view = IssueView(issue, untilDone: try application.outlookAfterClaim(issue))
      if lease != nil { view.lease = try application.lease(issue.id.rawValue) }
      return try .view(view)
    },
    JitTool(
      "show", .core, .reads, "An issue with why it is not ready and what stands before done.",
      properties: ["id": Schema.id], required: ["id"]
    ) { arguments, application in
      try .view(IssueCommandViews.detail(application.issueDetail(arguments.requiredString("id"))))
    },
    JitTool(
      "complete", .core, .write, "Finish your issue: done, or gated until its gates pass.",
      properties: ["id": Schema.id], required: ["id"]
    ) { arguments, application in
      let completion = try application.complete(arguments.requiredString("id"))
      return try .view(IssueView(completion.issue, untilDone: completion.outlook))
    },
    JitTool(
      "release", .core, .destructiveWrite, "Give your claimed issue back; hold keeps it from ready.",
      properties: ["id": Schema.id, "hold": Schema.string("Reason to hold it back")], required: ["id"]
    ) { arguments, application in
      try .view(
        IssueView(application.release(arguments.requiredString("id"), hold: arguments.string("hold"))))
    },
    JitTool(
      "create", .core, .write, "Create an issue, with the issues it depends on.",
      properties: [
        "title": Schema.string("One line"),
        "description": Schema.string("Details, acceptance criteria"),
        "priority": Schema.oneOf(["low", "normal", "high", "critical"], "Default normal"),
        "dependencies": Schema.strings("Ids it depends on"),
        "gates": Schema.strings("Gate keys to require"),
        "context": Schema.stringMap("key: value notes"),
      ],
      required: ["title"]
    ) { arguments, application in
      let request = IssueRequest(
        title: try arguments.requiredString("title"), description: try arguments.string("description") ?? "",
        priority: try arguments.priority() ?? .normal, gates: try arguments.strings("gates"),
        dependencies: try arguments.strings("dependencies"), context: try arguments.stringMap("context"))
      return try .view(IssueView(application.create(request)))
    },
    JitTool(
      "set_context", .core, .idempotentWrite, "Set or remove an issue's context notes (key: value).",
      properties: [
        "id": Schema.id, "set": Schema.stringMap("Notes to set"), "unset": Schema.strings("Keys to remove"),
      ],
      required: ["id"]
    ) { arguments, application in
      let changes = IssueChanges(
        setContext: try arguments.stringMap("set"), removeContext: try arguments.strings("unset"))
      return try .view(IssueView(application.update(arguments.requiredString("id"), changes)))
    },
    JitTool(
      "check_gates", .core, .write,
      "Run an issue's gate checkers and record verdicts. A failure is GATE_FAILED with the report.",
      properties: [
        "id": Schema.id, "gate": Schema.string("One gate (default: all with a checker)"),
        "workdir": Schema.string("Directory to run checkers in"),
      ],
      required: ["id"]
    ) { arguments, application in
      let outcome = try application.check(
        arguments.requiredString("id"), key: arguments.string("gate"), workdir: arguments.string("workdir"))
      return try .report(GateCheckView(outcome.report), failing: outcome.failure)
    },
  ]
}

/// The views of `issue show`, shared by the tools that answer an issue's detail.
enum IssueCommandViews {
  static func detail(_ detail: IssueDetail) -> IssueView {
    var view = IssueView(
      detail.issue, blockedBy: detail.blockedBy, gatesBlockingDone: detail.gatesBlockingDone,
      untilDone: detail.outlook)
    view.staleGates = detail.staleGates
    view.external = detail.external
    view.signatures = detail.signatures
    view.lease = detail.lease
    return view
  }
}

extension ToolArguments {
  /// `priority`: low, normal, high or critical.
  func priority() throws -> Priority? {
    guard let text = try string("priority") else { return nil }
    guard let priority = Priority(rawValue: text) else {
      throw JitError.invalidArgument(
        "\(tool): priority '\(text)' is not low, normal, high or critical",
        details: ["argument": "priority", "input": .string(text)])
    }
    return priority
  }
}

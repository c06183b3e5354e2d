import JitCore

extension JitApplication {
  /// Creates an issue, acting as `by` (else the default actor).
  public func create(_ request: IssueRequest, by: String? = nil) throws -> Issue {
    let actor = try actor(by)
    let gates = try request.gates.map(GateKey.init)
    let dependencies = try request.dependencies.map { try tracker.resolve(reference($0)) }
    return try tracker.create(
      IssueDraft(
        title: request.title, description: request.description, priority: request.priority,
        gates: gates, dependencies: dependencies, context: request.context),
      by: actor)
  }

  /// Changes an issue's fields; `INVALID_ARGUMENT` when `changes` changes nothing.
  public func update(
    _ issue: String, _ changes: IssueChanges, by: String? = nil, claim: String? = nil
  ) throws -> Issue {
    guard !changes.changesNothing else {
      throw JitError.invalidArgument(
        "nothing to change: give --title, --desc, --priority, --context or --resolve")
    }
    let actor = try actor(by)
    return try tracker.update(reference(issue), changes, by: actor, fence: configuration.fence(claim))
  }

  /// Deletes an issue (with `force`, also the dependencies others have on it).
  public func delete(_ issue: String, force: Bool, by: String? = nil) throws -> DeletionResult {
    let actor = try actor(by)
    return try tracker.delete(reference(issue), force: force, by: actor)
  }

  /// Sets an issue's assignee without starting it.
  public func assign(_ issue: String, to assignee: String, by: String? = nil) throws -> Issue {
    let assignee = try Actor(validating: assignee)
    let actor = try actor(by)
    return try tracker.assign(reference(issue), to: assignee, by: actor)
  }

  /// Takes a ready issue and starts it, for `to` (else the default actor).
  /// With a `lease` (`90s`, `15m`, ...: 1 second to 7 days) the claim lapses unless renewed.
  /// `exclusive`: only a new claim succeeds (`ALREADY_ASSIGNED` when `to` already holds it), as a
  /// dispatcher needs when another may claim as the same agent.
  public func claim(
    _ issue: String, to: String? = nil, lease: String? = nil, exclusive: Bool = false
  ) throws -> Issue {
    let actor = try actor(to)
    let lease = try lease.map(Self.leaseDuration)
    return try tracker.claim(reference(issue), to: actor, lease: lease, exclusive: exclusive)
  }

  /// A lease's length as given to `--lease`.
  static func leaseDuration(_ text: String) throws -> Duration {
    try DurationText.parse(text, option: "--lease", range: 1...(7 * 86_400))
  }

  /// Claims the most urgent ready, unassigned issue matching `filter` (a filter expression).
  public func claimNext(filter: String? = nil, to: String? = nil, lease: String? = nil) throws -> Issue {
    let actor = try actor(to)
    let filter = try filter.map(IssueFilter.init(parsing:)) ?? IssueFilter()
    let lease = try lease.map(Self.leaseDuration)
    do {
      return try tracker.claimNext(filter: filter, to: actor, lease: lease)
    } catch var error as JitError where error.code == .noReadyIssue {
      // Why: how many are blocked and by what, how many the filter excluded (best effort).
      if let why = try? nothingReady(filter: filter) {
        for (key, value) in why.details { error.details[key] = value }
        error.message += " (\(why.sentence))"
      }
      throw error
    }
  }

  /// Clears an issue's assignee.
  public func unassign(_ issue: String, by: String? = nil) throws -> Issue {
    let actor = try actor(by)
    return try tracker.unassign(reference(issue), by: actor)
  }

  /// Finishes the work on an in-progress issue, with its outlook.
  /// Under `claim` (`--claim GEN`, else `JIT_CLAIM`), refused once that claim is stale.
  public func complete(_ issue: String, by: String? = nil, claim: String? = nil) throws -> Completion {
    let actor = try actor(by)
    return try tracker.completion(
      reference(issue), by: actor, environment: configuration.checkerEnvironment,
      fence: configuration.fence(claim))
  }

  /// Reopens a done issue.
  public func reopen(_ issue: String, reason: String? = nil, by: String? = nil) throws -> Issue {
    let actor = try actor(by)
    return try tracker.reopen(reference(issue), by: actor, reason: reason)
  }

  /// Archives an issue, naming the open issues that now wait on it.
  public func archive(_ issue: String, by: String? = nil) throws -> Archival {
    let actor = try actor(by)
    return try tracker.archival(reference(issue), by: actor)
  }

  /// Brings an archived issue back.
  public func unarchive(_ issue: String, by: String? = nil) throws -> Issue {
    let actor = try actor(by)
    return try tracker.unarchive(reference(issue), by: actor)
  }

  /// Makes an issue depend on others.
  public func addDependencies(_ issue: String, on prerequisites: [String], by: String? = nil) throws
    -> DependencyChange
  {
    let actor = try actor(by)
    let (local, external) = try split(prerequisites)
    return try tracker.addDependencies(reference(issue), on: local, external: external, by: actor)
  }

  /// Removes dependencies.
  public func removeDependencies(_ issue: String, on prerequisites: [String], by: String? = nil) throws
    -> DependencyChange
  {
    let actor = try actor(by)
    let (local, external) = try split(prerequisites)
    return try tracker.removeDependencies(reference(issue), on: local, external: external, by: actor)
  }

  /// Prerequisites as typed: ids here, and `alias:ID` in the repositories `config.toml` names.
  func split(_ prerequisites: [String]) throws -> ([IssueReference], [ExternalReference]) {
    var local: [IssueReference] = []
    var external: [ExternalReference] = []
    for text in prerequisites {
      if let link = try ExternalReference(parsing: text) {
        guard linked.links[link.alias] != nil else {
          throw JitError.unknownAlias(link.alias, known: linked.aliases)
        }
        external.append(link)
      } else {
        local.append(try reference(text))
      }
    }
    return (local, external)
  }

  /// The filter of `issue list`: states (or `open`), assignees (or `none`), priorities, and a filter
  /// expression underneath them.
  public static func listFilter(
    expression: String? = nil, states: [String] = [], assignees: [String] = [], priorities: [Priority] = []
  ) throws -> IssueFilter {
    var filter = try expression.map(IssueFilter.init(parsing:)) ?? IssueFilter()
    if !states.isEmpty { filter.states = Set(try states.flatMap(IssueFilter.parseStates)) }
    if !priorities.isEmpty { filter.priorities = Set(priorities) }
    if !assignees.isEmpty {
      // A bare name is an agent, stored in full.
      filter.assignees = Set(
        try assignees.map { $0 == "none" ? "none" : try Actor(validating: $0).description })
    }
    return filter
  }

  /// Answers a query one row at a time, in work order; at most `limit` rows (`OptionRange.queryLimit`) when given.
  public func query(_ query: IssueQuery, limit: Int? = nil, each body: (QueryRow) throws -> Void) throws {
    try OptionRange.check(limit, OptionRange.queryLimit, option: "--limit")
    try tracker.query(query, limit: limit, each: body)
  }

  /// The counts of `jit status`.
  public func status() throws -> StatusSummary { try tracker.status() }
}

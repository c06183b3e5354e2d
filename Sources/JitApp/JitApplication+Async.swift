import JitCore

/// The calls a server makes, for async callers. Each runs its blocking work (a lock wait up to the
/// lock timeout, a checker up to its timeout) on a thread of its own through `BlockingWork`, never
/// on Swift's cooperative pool, so that many waiting requests cannot starve the others.
extension JitApplication {
  /// Runs `body` with this application on a thread of its own.
  public func run<T: Sendable>(_ body: @escaping @Sendable (JitApplication) throws -> T) async throws -> T {
    let application = self
    return try await BlockingWork.run { try body(application) }
  }

  /// `issueDetail(_:)` for async callers.
  public func issueDetail(_ issue: String) async throws -> IssueDetail {
    try await run { try $0.issueDetail(issue) }
  }

  /// `query(_:limit:each:)` for async callers: every row, in work order.
  public func query(_ query: IssueQuery, limit: Int? = nil) async throws -> [QueryRow] {
    try await run { application in
      var rows: [QueryRow] = []
      try application.query(query, limit: limit) { rows.append($0) }
      return rows
    }
  }

  /// `status()` for async callers.
  public func status() async throws -> StatusSummary { try await run { try $0.status() } }

  /// `claim(_:to:)` for async callers.
  public func claim(_ issue: String, to: String? = nil) async throws -> Issue {
    try await run { try $0.claim(issue, to: to) }
  }

  /// `claimNext(filter:to:)` for async callers.
  public func claimNext(filter: String? = nil, to: String? = nil) async throws -> Issue {
    try await run { try $0.claimNext(filter: filter, to: to) }
  }

  /// `complete(_:by:)` for async callers.
  public func complete(_ issue: String, by: String? = nil) async throws -> Completion {
    try await run { try $0.complete(issue, by: by) }
  }

  /// `check(_:key:by:)` for async callers: the checkers run on a thread of their own too.
  public func check(_ issue: String, key: String? = nil, by: String? = nil) async throws -> GateCheckOutcome {
    try await run { try $0.check(issue, key: key, by: by) }
  }

  /// `events(_:)` for async callers.
  public func events(_ search: EventSearch) async throws -> EventSearchResult {
    try await run { try $0.events(search) }
  }
}

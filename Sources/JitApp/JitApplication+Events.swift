import JitCore

extension JitApplication {
  /// Searches the event log.
  public func events(_ search: EventSearch) throws -> EventSearchResult {
    // A misspelt kind would match nothing and look like "no such events": name the known ones.
    let known = Set(EventKind.allCases.map(\.rawValue)).union(Self.alertEventKinds)
    for kind in search.kinds where !known.contains(kind) {
      throw JitError.invalidArgument(
        "unknown event kind '\(kind)' (known: \(known.sorted().joined(separator: ", ")))",
        details: ["event": .string(kind)])
    }
    let now = tracker.clock()
    var query = EventQuery(
      since: try search.since.map { try TimeExpression.parse($0, now: now) },
      until: try search.until.map { try TimeExpression.parse($0, now: now) },
      kinds: Set(search.kinds), assignees: try search.assignees.map(ActorPattern.init),
      actors: try search.actors.map(ActorPattern.init), issues: try search.issues.map(IssueReference.init))
    try OptionRange.check(search.limit, OptionRange.eventLimit, option: "--limit")
    let file = EventLogSearch(path: layout.eventsFile)
    let sequenced = store as? any SequencedEventLog
    // A store with a log of its own (PostgreSQL) is read whole and filtered; the file is searched.
    let run: (EventQuery) throws -> EventLogContents = { query in
      guard let sequenced else { return try file.run(query) }
      let contents = try sequenced.events(after: 0).contents
      return EventLogContents(events: query.filter(contents.events), malformed: contents.malformed)
    }
    if !query.issues.isEmpty {
      // A reference must name one issue, as everywhere: the log is what it is resolved against
      // (issues may have been deleted), then the store. Only lines that mention them are decoded.
      let mentioned = try run(EventQuery(issues: query.issues))
      query.issues = try Self.unambiguous(query.issues, events: mentioned.events)
      for reference in query.issues
      where !mentioned.events.contains(where: { $0.issueID.map(reference.matches) ?? false }) {
        _ = try tracker.resolve(reference)  // ISSUE_NOT_FOUND (or AMBIGUOUS_ID) when it names none
      }
    }
    let contents = try run(query)
    var matches = contents.events
    if let limit = search.limit { matches = Array(matches.suffix(limit)) }
    return EventSearchResult(
      events: matches, malformed: contents.malformed,
      path: sequenced?.eventLogName ?? layout.relative(layout.eventsFile))
  }

  /// The references, once each suffix is known to name at most one issue the log mentions.
  static func unambiguous(_ references: [IssueReference], events: [Event]) throws -> [IssueReference] {
    guard !references.isEmpty else { return references }
    let ids = Set(events.compactMap(\.issueID))
    for reference in references where IssueID(reference.text) == nil {
      let candidates = ids.filter(reference.matches).sorted()
      if candidates.count > 1 { throw JitError.ambiguous(reference.text, candidates: candidates) }
    }
    return references
  }

  /// A follower of the event log that starts with the last `lastLines` events (see `EventFollower`).
  public func follower(lastLines: Int = 0, interval: Duration = .milliseconds(100)) -> EventFollower {
    if let sequenced = store as? any SequencedEventLog {
      return EventFollower(log: sequenced, lastLines: lastLines, interval: interval)
    }
    return EventFollower(path: layout.eventsFile, lastLines: lastLines, interval: interval)
  }
}

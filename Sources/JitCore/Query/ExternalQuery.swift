/// `ready` and `blocked` with external dependencies (`alias:ID`) looked up live: a store's answer
/// (its index, its SQL) follows the stored derived states, which leave the other repositories out
/// because their issues change without any write here. The issues with external dependencies are
/// few, and only their rows are looked at again: each one's JSON names them.
extension TrackerReader {
  /// The store's answer, with external dependencies applied when this reader knows the other
  /// repositories (`config.toml` names some): a `ready` row whose external dependency is not done
  /// (or unknown) leaves `ready` and joins `blocked`, with its reasons and the state it has now,
  /// `backlog` (`Issue.shown(heldByLinks:)`).
  func answer(_ query: IssueQuery, gates: GateRegistry, each body: (QueryRow) throws -> Void) throws {
    guard let external, external.namesRepositories, query == .ready || query == .blocked else {
      return try session.query(query, gates: gates, each: body)
    }
    let readiness = try self.readiness(gates: gates)
    let (ready, held) = try readyHeldByLinks(gates: gates, readiness: readiness)
    if query == .ready {
      for row in ready where held[row.id] == nil { try body(row) }
      return
    }
    // Blocked: the store's rows (with the external reasons added), and the `ready` rows that an
    // external dependency blocks, merged in work order.
    var extra: [QueryRow] = []
    for row in ready {
      guard let issue = held[row.id], let reasons = try readiness.blockers(issue) else { continue }
      extra.append(try QueryRow(issue.shown(heldByLinks: true), reasons: reasons))
    }
    var blocked: [QueryRow] = []
    try session.query(.blocked, gates: gates) { blocked.append($0) }
    var pending = extra[...]
    for row in blocked {
      while let next = pending.first, next.workOrderKey < row.workOrderKey {
        try body(next)
        pending = pending.dropFirst()
      }
      guard Self.namesExternal(row), let issue = try session.find(row.id),
        let reasons = try readiness.blockers(issue)
      else {
        try body(row)
        continue
      }
      try body(try QueryRow(issue, reasons: reasons))
    }
    for row in pending { try body(row) }
  }

  /// The store's `ready` rows, and the issues among them that a link to another repository holds
  /// back now (`ReadinessEvaluator.externalBlockers`), by id. The rows are gathered first: a
  /// store's answer may be a statement that reading an issue in the middle of it would start over.
  func readyHeldByLinks(gates: GateRegistry, readiness: ReadinessEvaluator) throws -> (
    ready: [QueryRow], held: [IssueID: Issue]
  ) {
    var ready: [QueryRow] = []
    try session.query(.ready, gates: gates) { ready.append($0) }
    var held: [IssueID: Issue] = [:]
    for row in ready where Self.namesExternal(row) {
      guard let issue = try session.find(row.id), !readiness.externalBlockers(issue).isEmpty else { continue }
      held[row.id] = issue
    }
    return (ready, held)
  }

  /// Whether a row's issue has external dependencies (its JSON lists them).
  public static func namesExternal(_ row: QueryRow) -> Bool {
    let key = Array("\"external_dependencies\"".utf8)
    let json = row.json
    guard json.count >= key.count else { return false }
    var index = 0
    while index + key.count <= json.count {
      if json[index] == key[0] && json[index..<(index + key.count)].elementsEqual(key) { return true }
      index += 1
    }
    return false
  }
}

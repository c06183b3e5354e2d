import FoundationEssentials
import JitCore

extension JitApplication {
  /// The events alerts write (docs/metrics.md), which `events query --event` knows too.
  public static let alertEventKinds: Set<String> = [
    "alert.added", "alert.removed", "alert.pending", "alert.cleared", "alert.fired", "alert.resolved",
    "alert.delivery_failed",
  ]

  var alertsFile: String { layout.jitDirectory + "/alerts.json" }
  var alertStateFile: String { layout.runDirectory + "/alerts/state.json" }

  /// The committed alert definitions (`.jit/alerts.json`; none when it does not exist).
  public func alerts() throws -> AlertRegistry {
    guard let bytes = try layout.read(alertsFile, limit: RepositoryLayout.fileSizeLimit) else {
      return AlertRegistry()
    }
    return try JSONCoding.decodeFile(AlertRegistry.self, bytes, path: layout.relative(alertsFile))
  }

  /// One alert, `ALERT_NOT_FOUND` when there is none of that name.
  public func alert(_ name: String) throws -> AlertDefinition {
    guard let definition = try alerts().alerts[name] else {
      throw JitError(
        .alertNotFound, "no alert named '\(name)' (jit alert list shows them)",
        details: ["name": .string(name)])
    }
    return definition
  }

  /// `alert add`: checks the name, the condition (every metric must exist), `for` and every target
  /// before anything is written; then writes `.jit/alerts.json` atomically under the repository's
  /// write lock with its `alert.added` event. `ALREADY_EXISTS` for a name in use.
  @discardableResult
  public func addAlert(
    _ name: String, condition: String, for duration: String?, notify: [String], by: String? = nil
  ) throws -> AlertDefinition {
    let actor = try actor(by)
    try AlertDefinition.validName(name)
    let parsed = try AlertCondition.parse(
      condition, metrics: Set(MetricsSnapshot.conditionMetrics.map(\.name)))
    _ = parsed
    let seconds =
      try duration.map { try DurationText.parse($0, option: "--for", range: 0...31_536_000) } ?? .zero
    guard !notify.isEmpty else {
      throw JitError(.invalidNotify, "an alert needs at least one --notify webhook:URL or command:PATH")
    }
    let targets = try notify.map(AlertDefinition.Target.init)
    let now = tracker.clock()
    let definition = AlertDefinition(
      name: name, condition: condition, forSeconds: seconds.components.seconds,
      notify: targets.map(\.description), createdAt: now, createdBy: actor)
    try changeAlerts(by: actor) { registry in
      guard registry.alerts[name] == nil else {
        throw JitError(.alreadyExists, "an alert named '\(name)' exists", details: ["name": .string(name)])
      }
      registry.alerts[name] = definition
      return (
        "alert.added",
        [
          "alert": .string(name), "condition": .string(condition), "for_seconds": .int(definition.forSeconds),
          "notify": .array(definition.notify.map { .string($0) }),
        ]
      )
    }
    return definition
  }

  /// `alert rm`: removes a definition (with `alert.removed`) and its firing state.
  @discardableResult
  public func removeAlert(_ name: String, by: String? = nil) throws -> AlertDefinition {
    let actor = try actor(by)
    var removed: AlertDefinition?
    try changeAlerts(by: actor) { registry in
      guard let definition = registry.alerts.removeValue(forKey: name) else {
        throw JitError(
          .alertNotFound, "no alert named '\(name)' (jit alert list shows them)",
          details: ["name": .string(name)])
      }
      removed = definition
      return ("alert.removed", ["alert": .string(name), "condition": .string(definition.condition)])
    }
    try? withAlertState { states in states[name] = nil }
    guard let removed else { throw JitError(.internalError, "alert removal lost its definition") }
    return removed
  }

  /// Changes the registry under the store's write lock: the event is staged, then the file is
  /// replaced atomically; when the unit is not kept (the change throws, or the commit fails) the
  /// file's former content is put back, so both or neither are seen.
  func changeAlerts(
    by actor: Actor, _ change: (inout AlertRegistry) throws -> (String, [String: JSONValue])
  ) throws {
    // What the file held before, to put back if the unit with the event is not kept.
    var previous: [UInt8]?? = nil
    do {
      try store.write { session in
        var registry = try alerts()
        let (kind, fields) = try change(&registry)
        let now = tracker.clock()
        try session.append([
          Event(ts: now, event: kind, eventID: tracker.ids.next(at: now.date), actor: actor, fields: fields)
        ])
        previous = .some(try? FileSystem.readRegular(alertsFile, limit: RepositoryLayout.fileSizeLimit))
        try FileSystem.writeAtomically(JSONCoding.encodeFile(registry), to: alertsFile)
      }
    } catch {
      // The event was not kept: neither is the file's change (a death in between is not covered).
      if case .some(let bytes) = previous {
        if let bytes {
          try? FileSystem.writeAtomically(bytes, to: alertsFile)
        } else {
          try? FileSystem.remove(alertsFile)
        }
      }
      throw error
    }
  }

  /// Runs `body` on the firing states under `.jit/run/alerts/.lock`, and saves them atomically.
  func withAlertState<T>(_ body: (inout [String: AlertStatus]) throws -> T) throws -> T {
    try FileSystem.createDirectory(layout.runDirectory + "/alerts")
    return try FileLock(path: layout.runDirectory + "/alerts/.lock", timeout: configuration.lockTimeout)
      .withLock {
        var states: [String: AlertStatus] = [:]
        if let bytes = try? FileSystem.readRegular(alertStateFile, limit: RepositoryLayout.fileSizeLimit),
          let decoded = try? JSONDecoder().decode([String: AlertStatus].self, from: Data(bytes))
        {
          states = decoded
        }
        let before = states
        let result = try body(&states)
        if states != before {
          // A change of state is flushed to disk (a lost one could notify twice); a check that only
          // moved `last_evaluated` and `last_value` is not, which keeps `alert check` near one export.
          let moved = states.mapValues(\.state) != before.mapValues(\.state)
          try FileSystem.writeAtomically(
            JSONCoding.encodeFile(states), to: alertStateFile, temporary: alertStateFile + ".tmp", sync: moved
          )
        }
        return result
      }
  }

  /// The firing states (`alert list` and `show`).
  public func alertStates() throws -> [String: AlertStatus] { try withAlertState { $0 } }
}

import FoundationEssentials
import JitCore

extension JitApplication {
  /// `alert check`: evaluates every alert once against one metrics snapshot, moves each through
  /// pending, firing and resolved as Prometheus does, notifies each target once on firing and once
  /// on resolving, and records every change as an event (`alert.pending`, `alert.cleared`,
  /// `alert.fired`, `alert.resolved`, and `alert.delivery_failed` for each failed notification).
  /// A failing receiver costs at most its timeout and never makes the check fail.
  public func checkAlerts(by: String? = nil) throws -> [AlertCheckResult] {
    let definitions = try alerts().sorted
    let actor = try actor(by)
    guard !definitions.isEmpty else { return [] }
    let snapshot = try metricsSnapshot()
    let metrics = Set(MetricsSnapshot.conditionMetrics.map(\.name))
    let delivery = AlertDelivery(root: layout.rootDirectory, environment: configuration.checkerEnvironment)
    return try withAlertState { states in
      let now = tracker.clock()
      var results: [AlertCheckResult] = []
      var events: [Event] = []
      for definition in definitions {
        var status = states[definition.name] ?? AlertStatus()
        let condition = try? AlertCondition.parse(definition.condition, metrics: metrics)
        let names = condition?.metrics ?? []
        var values: [String: Double] = [:]
        for name in names { values[name] = snapshot.value(name) }
        let value = names.first.flatMap { values[$0] }
        // A definition that no longer parses (edited by hand) never holds: it resolves if firing.
        let holds = condition?.holds(snapshot.value) ?? false
        let transitions = status.evaluate(definition, holds: holds, value: value, at: now)
        states[definition.name] = status
        var result = AlertCheckResult(
          alert: definition.name, condition: definition.condition, holds: holds, value: value, values: values,
          state: status.state, transitions: transitions, deliveries: [])
        for transition in transitions {
          var fields: [String: JSONValue] = [
            "alert": .string(definition.name), "condition": .string(definition.condition),
            "value": value.map(JSONValue.double) ?? .null,
            "values": .object(values.mapValues(JSONValue.double)),
          ]
          var failures: [Event] = []
          if transition.notifies {
            let body = Self.notification(
              definition, transition: transition, value: value, values: values, at: now)
            var delivered: [JSONValue] = []
            for target in definition.notify {
              let outcome =
                (try? AlertDefinition.Target(target)).map { delivery.deliver(body, to: $0) }
                ?? AlertDeliveryOutcome(
                  target: target, delivered: false, reason: "not a valid target", attempts: 0)
              result.deliveries.append(outcome)
              if outcome.delivered {
                delivered.append(.string(target))
              } else {
                failures.append(
                  event(
                    "alert.delivery_failed", actor, now,
                    [
                      "alert": .string(definition.name),
                      "state": .string(transition == .fired ? "firing" : "resolved"),
                      "target": .string(target), "reason": .string(outcome.reason ?? "failed"),
                      "attempts": .int(Int64(outcome.attempts)),
                    ]))
              }
            }
            fields["delivered"] = .array(delivered)
          }
          events.append(event("alert." + transition.rawValue, actor, now, fields))
          events += failures
        }
        results.append(result)
      }
      if !events.isEmpty { try store.write { session in try session.append(events) } }
      return results
    }
  }

  func event(_ kind: String, _ actor: Actor, _ now: Timestamp, _ fields: [String: JSONValue]) -> Event {
    Event(ts: now, event: kind, eventID: tracker.ids.next(at: now.date), actor: actor, fields: fields)
  }

  /// The JSON a receiver gets (docs/metrics.md): alert, condition, value, values, state, time,
  /// since, and the repository's path.
  static func notification(
    _ definition: AlertDefinition, transition: AlertTransition, value: Double?, values: [String: Double],
    at now: Timestamp
  ) -> [UInt8] {
    let object: [String: JSONValue] = [
      "alert": .string(definition.name), "condition": .string(definition.condition),
      "value": value.map(JSONValue.double) ?? .null, "values": .object(values.mapValues(JSONValue.double)),
      "state": .string(transition == .fired ? "firing" : "resolved"), "time": .string(now.description),
      "for_seconds": .int(definition.forSeconds),
    ]
    return (try? JSONCoding.lineEncoder().encode(JSONValue.object(object))).map(Array.init) ?? []
  }
}

import JitCore
import Testing

@Suite struct AlertConditionTests {
  let metrics = Set(MetricsSnapshot.conditionMetrics.map(\.name))

  @Test(arguments: [
    ("blocked_count > 5", ["blocked_count": 6.0], true),
    ("blocked_count > 5", ["blocked_count": 5.0], false),
    ("blocked_count >= 5", ["blocked_count": 5.0], true),
    ("ready_count == 0 and in_progress_count < 2", ["ready_count": 0, "in_progress_count": 1], true),
    ("ready_count == 0 and in_progress_count < 2", ["ready_count": 1, "in_progress_count": 1], false),
    ("ready_count == 0 or in_progress_count < 2", ["ready_count": 1, "in_progress_count": 1], true),
    // `and` binds tighter than `or`.
    ("ready_count > 0 or ready_count < 0 and held_count > 0", ["ready_count": 1, "held_count": 0], true),
    ("(ready_count > 0 or ready_count < 0) and held_count > 0", ["ready_count": 1, "held_count": 0], false),
    ("oldest_ready_age > 3600.5", ["oldest_ready_age": 3601], true),
    ("5 < stalled_count", ["stalled_count": 6], true),
    ("failed_gates != 0 AND held_count <= 1", ["failed_gates": 2, "held_count": 1], true),
  ])
  func evaluates(_ text: String, _ values: [String: Double], _ expected: Bool) throws {
    let condition = try AlertCondition.parse(text, metrics: metrics)
    #expect(condition.holds { values[$0] } == expected)
  }

  @Test(arguments: [
    ("", 1, JitError.Code.invalidCondition),
    ("blocked_count", 14, .invalidCondition),
    ("blocked_count >", 16, .invalidCondition),
    ("blocked_count > 5 and", 22, .invalidCondition),
    ("blocked_count > 5 5", 19, .invalidCondition),
    ("(blocked_count > 5", 19, .invalidCondition),
    ("blocked_count => 5", 15, .invalidCondition),
    ("blocked > 5", 1, .unknownMetric),
    ("ready_count > 1 or nosuch_metric < 2", 20, .unknownMetric),
    ("blocked_count > 5 && ready_count > 0", 19, .invalidCondition),
  ])
  func refusesWithTheColumn(_ text: String, _ column: Int, _ code: JitError.Code) {
    #expect {
      try AlertCondition.parse(text, metrics: metrics)
    } throws: { error in
      guard let error = error as? JitError else { return false }
      return error.code == code && error.details["column"] == .int(Int64(column))
        && error.message.contains("column \(column)")
    }
  }

  @Test func namesItsMetricsOnce() throws {
    let condition = try AlertCondition.parse("ready_count > 1 or held_count > ready_count", metrics: metrics)
    #expect(condition.metrics == ["ready_count", "held_count"])
  }

  func definition(for seconds: Int64 = 0, condition: String = "blocked_count > 5") -> AlertDefinition {
    AlertDefinition(
      name: "a", condition: condition, forSeconds: seconds, notify: ["command:x"],
      createdAt: Timestamp(millisecondsSince1970: 0), createdBy: nil)
  }

  func at(_ seconds: Int64) -> Timestamp { Timestamp(millisecondsSince1970: 1_000_000 + seconds * 1000) }

  @Test func firesAfterForAndResolvesOnceEach() {
    var status = AlertStatus()
    let alert = definition(for: 60)
    #expect(status.evaluate(alert, holds: false, value: 1, at: at(0)) == [])
    #expect(status.evaluate(alert, holds: true, value: 6, at: at(10)) == [.pending])
    #expect(status.evaluate(alert, holds: true, value: 6, at: at(69)) == [])
    #expect(status.state == .pending)
    #expect(status.evaluate(alert, holds: true, value: 7, at: at(70)) == [.fired])
    #expect(status.evaluate(alert, holds: true, value: 7, at: at(80)) == [])
    #expect(status.state == .firing)
    #expect(status.evaluate(alert, holds: false, value: 2, at: at(90)) == [.resolved])
    #expect(status.evaluate(alert, holds: false, value: 2, at: at(100)) == [])
    #expect(status.state == .inactive)
  }

  @Test func aPendingAlertThatStopsHoldingClearsWithoutFiring() {
    var status = AlertStatus()
    let alert = definition(for: 60)
    #expect(status.evaluate(alert, holds: true, value: 6, at: at(0)) == [.pending])
    #expect(status.evaluate(alert, holds: false, value: 1, at: at(30)) == [.cleared])
    #expect(status.evaluate(alert, holds: true, value: 6, at: at(40)) == [.pending])
    #expect(status.evaluate(alert, holds: true, value: 6, at: at(99)) == [])
    #expect(status.evaluate(alert, holds: true, value: 6, at: at(100)) == [.fired])
  }

  @Test func withoutForItFiresAtOnce() {
    var status = AlertStatus()
    #expect(status.evaluate(definition(), holds: true, value: 6, at: at(0)) == [.fired])
  }

  @Test func aChangedConditionStartsOver() {
    var status = AlertStatus()
    _ = status.evaluate(definition(), holds: true, value: 6, at: at(0))
    let changed = definition(condition: "blocked_count > 50")
    #expect(status.evaluate(changed, holds: false, value: 6, at: at(10)) == [.resolved])
    #expect(status.state == .inactive)
  }

  @Test(arguments: [
    "webhook:ftp://x", "webhook:https://", "webhook:http://:80/x", "command:", "mail:a@b", "https://x",
    "webhook:http://a b",
  ])
  func refusesATargetThatIsNotOne(_ text: String) {
    #expect(throws: JitError.self) { try AlertDefinition.Target(text) }
  }

  @Test(arguments: ["", "Upper", "-dash", String(repeating: "a", count: 65), "sp ace", "a/b"])
  func refusesANameThatIsNotOne(_ name: String) {
    #expect(throws: JitError.self) { try AlertDefinition.validName(name) }
  }
}

import FoundationEssentials
import JitCore
import Testing

@Suite struct MetricsTests {
  static let lines = [
    #"{"by":"agent:w","event":"issue.claimed","event_id":"01M87W6JB12NG80HPZ4G48XC3Y","id":"01M87W6J6Z54QPZRV34GD4P9SX","assignee":"agent:w","generation":1,"ts":"2026-11-24T22:52:10.145Z"}"#,
    #"{"by":"agent:w","event":"issue.state_changed","event_id":"01M87W6JB12NG80HPZ4G48XC3Z","from":"in_progress","id":"01M87W6J6Z54QPZRV34GD4P9SX","reason":"completed","to":"done","ts":"2026-11-24T23:52:10.145Z"}"#,
    #"{"applied":true,"by":"ci:x","event":"gate.checked","event_id":"E1","evidence":{"duration_ms":1500,"source":"checker","nested":{"to":"x"}},"gate":"tests","id":"01M87W6J6Z54QPZRV34GD4P9SX","result":"passed","ts":"2026-11-24T22:00:00Z"}"#,
    // Escapes: the scanner gives way to the decoder, with the same fields.
    #"{"by":"human:a","event":"issue.created","event_id":"E2","id":"01M87W6J6Z54QPZRV34GD4P9SX","state":"ready","title":"say \"hi\", then \\ go","ts":"2026-11-24T22:00:00.000Z"}"#,
    #"{"changes":{"title":{"from":"a","to":"b"}},"event":"issue.updated","event_id":"E3","ts":"2026-11-24T22:00:00Z"}"#,
  ]

  @Test(arguments: lines)
  func theScannerReadsWhatTheDecoderReads(_ line: String) throws {
    let bytes = Array(line.utf8)[...]
    let fields = try #require(EventLineFields.parse(bytes))
    let event = try JSONDecoder().decode(Event.self, from: Data(bytes))
    #expect(fields.event == event.event && fields.eventID == event.eventID)
    #expect(fields.ts == event.ts.millisecondsSince1970 && fields.issue == event.issueID?.rawValue)
    if case .string(let to) = event.fields["to"] {
      #expect(fields.to == to)
    } else {
      #expect(fields.to == nil)
    }
    if case .string(let title) = event.fields["title"] { #expect(fields.title == title) }
  }

  @Test(arguments: ["", "{", "not json", #"{"event":"x"}"#, #"{"ts":"yesterday","event":"x"}"#, "[1,2]"])
  func aLineThatIsNotAnEventIsNone(_ line: String) {
    #expect(EventLineFields.parse(Array(line.utf8)[...]) == nil)
  }

  @Test func countersFoldLeadCycleAndCheckTimes() {
    var counters = EventCounters()
    for line in Self.lines { counters.consume(Array(line.utf8)[...]) }
    counters.consume(Array("garbage".utf8)[...])
    #expect(counters.claims == 1 && counters.completions == 1 && counters.malformedLines == 1)
    #expect(counters.cycleTime.count == 1 && counters.cycleTime.sum == 3600)
    #expect(counters.leadTime.count == 1 && counters.gateChecks["passed"] == 1)
    #expect(counters.gateCheckDuration.sum == 1.5 && counters.firstClaims.isEmpty)
    #expect(counters.eventsByKind["issue.claimed"] == 1 && counters.eventsByKind["gate.checked"] == 1)
  }

  @Test func eventKindsPastTheLimitCountAsOther() {
    var counters = EventCounters()
    for index in 0..<(EventCounters.kindLimit + 5) {
      var fields = EventLineFields()
      fields.event = "custom.kind_\(index)"
      counters.consume(fields)
    }
    var odd = EventLineFields()
    odd.event = "Not A Kind"
    counters.consume(odd)
    #expect(counters.eventsByKind.count == EventCounters.kindLimit + 1)
    #expect(counters.eventsByKind["other"] == 6)
  }

  @Test func histogramsAreCumulativeWithInf() {
    var histogram = Histogram(bounds: [1, 10])
    for value in [0.5, 1, 5, 50] { histogram.observe(value) }
    #expect(histogram.cumulative.map(\.count) == [2, 3, 4])
    #expect(histogram.cumulative.last?.bound == nil && histogram.sum == 56.5)
    var text = PrometheusText()
    text.histogram("jit_x_seconds", help: "x", histogram)
    #expect(
      text.text == """
        # HELP jit_x_seconds x
        # TYPE jit_x_seconds histogram
        jit_x_seconds_bucket{le="1"} 2
        jit_x_seconds_bucket{le="10"} 3
        jit_x_seconds_bucket{le="+Inf"} 4
        jit_x_seconds_sum 56.5
        jit_x_seconds_count 4

        """)
  }

  @Test func everyExportedFamilyIsPrefixedAndTyped() {
    let text = MetricsSnapshot(gauges: MetricGauges(), counters: EventCounters()).prometheus()
    let types = text.split(separator: "\n").filter { $0.hasPrefix("# TYPE ") }
    #expect(types.count == 19)
    for line in types {
      let parts = line.split(separator: " ")
      #expect(parts[2].hasPrefix("jit_"))
      if parts[3] == "counter" { #expect(parts[2].hasSuffix("_total")) }
    }
    #expect(text.contains("jit_issues{state=\"in_progress\"} 0\n"))
  }

  @Test func csvQuotesWhatNeedsIt() {
    let text = MetricsReport.csv(
      ["a", "b"],
      [[.text("x,y"), .text("say \"hi\"")], [.text("two\nlines"), .text("=cmd")], [.int(3), .empty]])
    #expect(text == "a,b\r\n\"x,y\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",'=cmd\r\n3,\r\n")
  }

  @Test func theReportFollowsAnIssueThroughItsStates() {
    var report = MetricsReport(grouping: .issue)
    let id = "01M87W6J6Z54QPZRV34GD4P9SX"
    let steps: [(String, String?, Int64)] = [
      ("issue.created", nil, 0), ("issue.claimed", nil, 60), ("issue.state_changed", "in_progress", 60),
      ("issue.completed", nil, 600), ("issue.state_changed", "gated", 600), ("gate.failed", nil, 700),
      ("issue.state_changed", "in_progress", 700), ("issue.state_changed", "gated", 800),
      ("issue.state_changed", "done", 1000),
    ]
    for (kind, to, seconds) in steps {
      var fields = EventLineFields()
      fields.event = kind
      fields.issue = id
      fields.to = to
      fields.state = kind == "issue.created" ? "ready" : nil
      fields.assignee = kind == "issue.claimed" ? "agent:w" : nil
      fields.ts = 1_000_000_000_000 + seconds * 1000
      report.consume(fields)
    }
    let row = report.rows()[0]
    let columns = MetricsReport.columns(.issue)
    func cell(_ name: String) -> MetricsReport.Cell { row[columns.firstIndex(of: name) ?? 0] }
    #expect(cell("state") == .text("done") && cell("assignee") == .text("agent:w"))
    #expect(cell("lead_time_seconds") == .number(1000) && cell("cycle_time_seconds") == .number(940))
    #expect(
      cell("gated_seconds") == .number(300) && cell("gate_failures") == .int(1) && cell("attempts") == .int(1)
    )
  }
}

import Foundation
import JitCore

/// An event log for a synthetic repository, as its issues' histories would have written it: every
/// issue created; the ones past ready claimed and started; gated ones completed; done ones through
/// a gate check and done; then `issue.updated` lines until there are `perIssue` events per issue.
/// Written as jit writes lines (sorted keys, one object per line), in time order.
public enum SyntheticEvents {
  @discardableResult
  public static func generate(at root: String, summary: SyntheticRepository.Summary, perIssue: Int = 10)
    throws
    -> Int
  {
    let layout = RepositoryLayout(jitDirectory: root + "/.jit")
    let ids = ULIDGenerator()
    let states = summary.each
    var out = ""
    out.reserveCapacity(summary.ids.count * perIssue * 260)
    var count = 0
    func line(_ ts: Int64, _ kind: String, _ issue: IssueID, by: String, _ fields: String) {
      let stamp = Timestamp(millisecondsSince1970: ts)
      let id = ids.next(at: stamp.date)
      out += "{\"by\":\"\(by)\",\"event\":\"\(kind)\",\"event_id\":\"\(id)\",\"id\":\"\(issue.rawValue)\""
      out += fields.isEmpty ? "" : "," + fields
      out += ",\"ts\":\"\(stamp)\"}\n"
      count += 1
    }
    for (index, issue) in summary.ids.enumerated() {
      let created = ULIDTime.milliseconds(issue.rawValue) ?? 0
      let state = states[index]
      let worker = "agent:worker-\(index % 20)"
      line(
        created, "issue.created", issue, by: "human:planner",
        "\"dependencies\":[],\"gates\":[],\"priority\":\"normal\",\"state\":\"backlog\",\"title\":\"Synthetic issue \(index)\""
      )
      var emitted = 1
      if [.inProgress, .gated, .done].contains(state) {
        line(
          created + 30_000, "issue.claimed", issue, by: worker, "\"assignee\":\"\(worker)\",\"generation\":1")
        line(
          created + 30_000, "issue.state_changed", issue, by: worker,
          "\"from\":\"ready\",\"reason\":\"claimed\",\"to\":\"in_progress\"")
        emitted += 2
      }
      if state == .gated || state == .done {
        line(
          created + 3_600_000, "issue.completed", issue, by: worker, "\"override\":false,\"waiting_on\":[]")
        line(
          created + 3_600_000, "issue.state_changed", issue, by: worker,
          "\"from\":\"in_progress\",\"reason\":\"awaiting gates\",\"to\":\"gated\"")
        emitted += 2
      }
      if state == .done {
        line(
          created + 4_000_000, "gate.checked", issue, by: "ci:bench",
          "\"applied\":true,\"evidence\":{\"duration_ms\":\(1_000 + index % 5_000),\"exit_code\":0,\"source\":\"checker\"},\"gate\":\"unit-tests\",\"result\":\"passed\""
        )
        line(
          created + 4_000_000, "issue.state_changed", issue, by: "ci:bench",
          "\"from\":\"gated\",\"reason\":\"gate unit-tests passed\",\"to\":\"done\"")
        emitted += 2
      }
      while emitted < perIssue {
        line(
          created + 60_000 + Int64(emitted), "issue.updated", issue, by: "human:planner",
          "\"changes\":{\"description\":{\"from\":\"a\",\"to\":\"b\"}}")
        emitted += 1
      }
      if out.utf8.count > 64 << 20 {
        try append(out, to: layout.eventsFile)
        out = ""
      }
    }
    try append(out, to: layout.eventsFile)
    return count
  }

  static func append(_ text: String, to path: String) throws {
    guard let handle = FileHandle(forWritingAtPath: path) else {
      try Data(text.utf8).write(to: URL(fileURLWithPath: path))
      return
    }
    defer { try? handle.close() }
    try handle.seekToEnd()
    try handle.write(contentsOf: Data(text.utf8))
  }
}

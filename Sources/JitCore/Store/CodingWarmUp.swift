/// Codes a sample issue, gate registry and event once, before a mutation takes the lock.
///
/// The first time a process decodes or encodes a type, Swift's runtime builds the generic metadata
/// and looks up the protocol conformances that `Codable` needs: about a millisecond here, many
/// times what the coding itself costs. Paying it before the exclusive lock, not inside it, keeps
/// the locked section short, so that many processes racing for the lock (16 agents claiming work)
/// wait less for each other. Most mutations would pay it anyway; one that codes no issue (such as
/// `gate define`) pays about a millisecond more, once per process.
public enum CodingWarmUp {
  static let issueFile = Array(
    """
    {
      "assignee" : "agent:warm-up",
      "context" : {
        "k" : "v"
      },
      "created_at" : "2026-01-01T00:00:00.000Z",
      "dependencies" : ["01JXT21Q00ZZZDDHMKVX411JFW"],
      "description" : "",
      "gates_required" : ["review"],
      "gates_status" : {
        "review" : {
          "status" : "pending"
        }
      },
      "id" : "01JXT21Q00ZZZDDHMKVX411JFX",
      "priority" : "high",
      "state" : "ready",
      "title" : "warm-up",
      "updated_at" : "2026-01-01T00:00:00.000Z"
    }
    """.utf8)

  static let gatesFile = Array(
    """
    {
      "review" : {
        "auto" : false,
        "description" : "",
        "key" : "review",
        "stage" : "postcheck",
        "title" : "Code review"
      }
    }
    """.utf8)

  /// Runs the warm-up the first time it is called in this process.
  public static func once() { _ = done }

  private static let done: Bool = run()

  /// Decodes and encodes the samples; whether all of them coded (a test holds the samples to the
  /// current formats). A failure is otherwise ignored: the real work reports its own.
  @discardableResult
  static func run() -> Bool {
    do {
      let issue = try JSONCoding.decodeFile(Issue.self, issueFile, path: "warm-up")
      _ = try JSONCoding.decodeFile(GateRegistry.self, gatesFile, path: "warm-up")
      _ = try JSONCoding.encodeFile(issue)
      _ = try IssueJSON().element(issue)
      let event = Event(
        ts: issue.createdAt, event: EventKind.issueClaimed.rawValue, eventID: "warm-up", issueID: issue.id,
        actor: issue.assignee, fields: ["assignee": .string("agent:warm-up")])
      _ = try JSONCoding.lineEncoder().encode(event)
      return issue.gatesStatus["review"] != nil && issue.assignee != nil
    } catch {
      return false
    }
  }
}

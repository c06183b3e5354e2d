/// The rules an issue's own fields and state answer to.
extension Issue {
  /// A title trimmed, or why it cannot be one: empty, more than one line, or over 500 bytes.
  static func validTitle(_ title: String) throws -> String {
    let trimmed = title.trimmingWhitespace()
    guard !trimmed.isEmpty else { throw JitError.invalidArgument("the title must not be empty") }
    guard !trimmed.contains(where: { $0 == "\n" || $0 == "\r" }) else {
      throw JitError.invalidArgument("the title must be one line (put details in --desc)")
    }
    guard trimmed.utf8.count <= 500 else {
      throw JitError.invalidArgument("the title is longer than 500 bytes (put details in --desc)")
    }
    return trimmed
  }

  /// Refuses context keys that are empty, too long, or hold a newline or '='.
  static func validateContext(_ context: [String: String]) throws {
    for key in context.keys {
      guard !key.isEmpty, key.utf8.count <= 128, !key.contains(where: { $0 == "\n" || $0 == "=" }) else {
        throw JitError.invalidArgument("'\(key)' is not a valid context key")
      }
    }
  }

  /// A gated issue's assignee is the author its manual gates are judged against: changing it
  /// would let the author approve their own work. Fail a gate to send it back to rework first.
  func refuseWhileGated(_ action: String) throws {
    guard state == .gated else { return }
    throw invalidTransition(
      action,
      "it is gated, and its assignee is the author its gates are judged against (a failed gate sends it "
        + "back to in_progress, where it can be reassigned)")
  }

  /// The error for an action this issue's state does not allow, saying why.
  func invalidTransition(_ action: String, _ why: String) -> JitError {
    JitError(
      .invalidTransition, "cannot \(action) \(id.short): \(why)",
      details: ["id": .string(id.rawValue), "state": .string(state.rawValue)])
  }

  /// `SELF_APPROVAL`: the assignee may not approve (pass or waive) a gate on their own work.
  func selfApproval(_ key: String, _ actor: Actor, action: String) -> JitError {
    let issue = self
    return JitError(
      .selfApproval,
      "\(actor) cannot \(action) gate \(key) on \(issue.id.short): they "
        + (issue.assignee == actor ? "are its assignee" : "have held it since its gates were last reset")
        + ", and nobody approves their own work; ask another person",
      details: [
        "id": .string(issue.id.rawValue), "gate": .string(key), "actor": .string(actor.description),
        "held_by": .array(issue.heldBy.map { .string($0.description) }),
      ])
  }
}

import JitCore
import JitWire

extension JitApplication {
  /// `jit prime`'s answer: the caller's work in progress and the five most urgent ready issues,
  /// read in one session. Who is acting may be unknown (the primer then names no one).
  public func prime(by: String? = nil) throws -> PrimeView {
    let actor: Actor?
    if let by { actor = try self.actor(by) } else { actor = try? self.actor(nil) }
    return try tracker.read { reader in
      var held: [QueryRow] = []
      if let actor {
        try reader.query(.assignee(actor)) { row in
          if row.state == .inProgress || row.state == .gated, held.count < 5 { held.append(row) }
        }
      }
      var ready: [QueryRow] = []
      var total = 0
      try reader.query(.ready) { row in
        total += 1
        if ready.count < 5 { ready.append(row) }
      }
      return PrimeView(actor: actor?.description, held: held, ready: ready, readyTotal: total)
    }
  }
}

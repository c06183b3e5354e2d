/// A store over one write session already open: every read and write it hands out is that
/// session, so several tracker calls stage into one unit (`Tracker.batch`). It takes no lock and
/// commits nothing itself; the store that opened the session does both when its closure returns.
final class JoinedStore: Store, @unchecked Sendable {  // safe: used only in its session's closure
  let session: any WriteSession

  init(session: any WriteSession) { self.session = session }

  func read<T>(_ body: (any ReadSession) throws -> T) throws -> T { try body(session) }

  func write<T>(_ body: (any WriteSession) throws -> T) throws -> T { try body(session) }
}

extension Tracker {
  /// Runs several tracker calls as one unit: `body` gets a tracker whose every call joins one write
  /// session of this tracker's store (one lock, one transaction). What they stage is kept whole
  /// when `body` returns, and none of it when anything throws.
  ///
  /// Each call sees what the calls before it staged. Do not run gate checkers inside (`complete`,
  /// `check`): they would run with the store's lock held.
  public func batch<T>(_ body: (Tracker) throws -> T) throws -> T {
    CodingWarmUp.once()
    return try store.write { session in
      try body(
        Tracker(
          store: JoinedStore(session: session), clock: clock, ids: ids, workspace: workspace,
          external: external))
    }
  }
}

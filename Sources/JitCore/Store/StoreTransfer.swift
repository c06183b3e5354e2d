/// A store that can be loaded from the normal `.jit/` files and written out as them (the
/// PostgreSQL store: `jit store import`, `jit store export --to files`), byte for byte.
public protocol StoreTransfer: Sendable {
  /// Loads the files of `layout` into the store, which must hold no issues or events yet.
  func importFiles(from layout: RepositoryLayout) throws -> TransferCount
  /// Writes the store out as the files of `layout`.
  func exportFiles(to layout: RepositoryLayout) throws -> TransferCount
}

/// How much a transfer moved.
public struct TransferCount: Sendable, Hashable {
  public var issues = 0
  public var events = 0

  public init(issues: Int = 0, events: Int = 0) {
    self.issues = issues
    self.events = events
  }
}

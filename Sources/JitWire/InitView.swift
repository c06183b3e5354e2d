/// `init --json`: `{"path", "created"}`, the `.jit` directory and what was created in it (empty
/// when it existed already).
public struct InitView: WireView {
  /// The `.jit` directory.
  public var path: String
  /// What was created, relative to it.
  public var created: [String]

  /// The view of an initialization.
  public init(path: String, created: [String]) {
    self.path = path
    self.created = created
  }
}

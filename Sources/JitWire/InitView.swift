/// `init --json`: `{"path", "created"}`, the `.jit` directory and what was created in it (empty
/// when it existed already).
public struct InitView: WireView {
  public var path: String
  public var created: [String]

  public init(path: String, created: [String]) {
    self.path = path
    self.created = created
  }
}

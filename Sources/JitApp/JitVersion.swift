/// The version `jit --version` prints, and the index records (an index from another is rebuilt).
public enum JitVersion {
  /// This build's version.
  public static let current = "0.1.0"
}

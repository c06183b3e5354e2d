/// What the build recorded about itself (see `Plugins/JitBuildInfoPlugin`).
public enum JitBuild {
  /// The commit jit was built from: 12 hex digits, `-dirty` when tracked files had changed, or
  /// `unknown` when it was not built from a git checkout.
  public static var commit: String { generatedCommit }
}

import JitBuildInfo

/// The version `jit --version` prints, and the index records (an index from another is rebuilt).
public enum JitVersion {
  /// This build's version.
  public static let current = "0.1.0"

  /// The commit this build was made from (`unknown` outside a git checkout).
  public static var commit: String { JitBuild.commit }

  /// What `jit --version` prints: the version and the commit.
  public static var described: String { "\(current) (commit \(commit))" }
}

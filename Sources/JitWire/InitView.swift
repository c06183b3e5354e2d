/// `init --json`: `{"path", "created", "merge_driver"}`, the `.jit` directory, what was created
/// (empty when it existed already), and how git's merges of `.jit/` files are set up.
public struct InitView: WireView {
  /// The `.jit` directory.
  public var path: String
  /// What was created, relative to it.
  public var created: [String]
  /// The merge driver's setup (see docs/format.md, "Merges").
  public var mergeDriver: MergeDriverSetup?

  /// `{"attributes", "attributes_added", "git_config", "config_command", "post_merge_hook"}`: the
  /// `.gitattributes` file, the lines this run added to it, whether this clone's git configuration
  /// names the driver (`configured`, `already_configured`, `not_git`), the command a fresh clone
  /// runs, and whether the `post-merge` hook running `jit validate --fix` was installed.
  public struct MergeDriverSetup: Encodable, Sendable {
    public var attributes: String
    public var attributesAdded: [String]
    public var gitConfig: String
    public var configCommand: String
    /// `installed`, `present` (a hook was there: left alone) or `not_git`.
    public var postMergeHook: String

    public init(
      attributes: String, attributesAdded: [String], gitConfig: String, configCommand: String,
      postMergeHook: String
    ) {
      self.postMergeHook = postMergeHook
      self.attributes = attributes
      self.attributesAdded = attributesAdded
      self.gitConfig = gitConfig
      self.configCommand = configCommand
    }

    enum CodingKeys: String, CodingKey {
      case attributes
      case attributesAdded = "attributes_added"
      case gitConfig = "git_config"
      case configCommand = "config_command"
      case postMergeHook = "post_merge_hook"
    }
  }

  /// The view of an initialization.
  public init(path: String, created: [String], mergeDriver: MergeDriverSetup? = nil) {
    self.path = path
    self.created = created
    self.mergeDriver = mergeDriver
  }

  enum CodingKeys: String, CodingKey {
    case path, created
    case mergeDriver = "merge_driver"
  }
}

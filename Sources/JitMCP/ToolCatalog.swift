/// Every tool the server has, by tier: `core` (8), `standard` (core + 7), `all` (standard + 9).
public enum ToolCatalog {
  /// The tools offered at `tier`, in the order `tools/list` gives them.
  static func tools(for tier: ToolTier) -> [JitTool] {
    (core + standard + rest).filter { $0.tier <= tier }
  }

  /// The names of the tools offered at `tier`.
  public static func names(for tier: ToolTier) -> [String] { tools(for: tier).map(\.name) }
}

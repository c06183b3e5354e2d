import JitCore

/// Which tools the server offers: `core` for the pull loop, `standard` adds queries and the graph,
/// `all` adds the rest. Agents pay for every tool's schema in tokens, so the default is `core`.
public enum ToolTier: String, Sendable, CaseIterable, Comparable {
  case core
  case standard
  case all

  /// The tier named by `--tier`, else `JIT_MCP_TIER`, else `core`; `INVALID_ARGUMENT` for any other name.
  public static func chosen(option: String?, environment: [String: String]) throws -> ToolTier {
    let source = option != nil ? "--tier" : "JIT_MCP_TIER"
    guard let text = option ?? environment["JIT_MCP_TIER"].flatMap({ $0.isEmpty ? nil : $0 }) else {
      return .core
    }
    guard let tier = ToolTier(rawValue: text) else {
      throw JitError.invalidArgument(
        "\(source) '\(text)' is not a tier: core, standard or all",
        details: ["input": .string(text), "source": .string(source)])
    }
    return tier
  }

  public static func < (lhs: ToolTier, rhs: ToolTier) -> Bool {
    allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
  }
}

import JitCore

/// One gate's definition and the issues that require it.
public struct GateDetail: Sendable {
  /// The gate as the registry defines it.
  public var definition: GateDefinition
  /// The issues that require it, in ascending order.
  public var requiredBy: [IssueID]
}

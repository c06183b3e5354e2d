import JitCore

/// One gate's definition and the issues that require it.
public struct GateDetail: Sendable {
  public var definition: GateDefinition
  public var requiredBy: [IssueID]
}

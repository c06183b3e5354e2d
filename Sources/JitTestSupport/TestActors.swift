import JitCore

/// The people and agents the claim tests act as: `human:lead`, `agent:a`, `agent:b`.
public struct TestActors: Sendable {
  public let lead: Actor
  public let agentA: Actor
  public let agentB: Actor

  public init() throws {
    lead = try Actor(validating: "human:lead")
    agentA = try Actor(validating: "agent:a")
    agentB = try Actor(validating: "agent:b")
  }
}

import JitApp
import JitCore
import MCP

/// One MCP tool: its name, tier, input schema and hints, and the one application call it makes.
///
/// `run` is synchronous and may block (a lock wait, a gate checker); the server calls it on a thread
/// of its own through `JitApplication.run`, never on the cooperative pool.
struct JitTool: Sendable {
  /// The hints MCP clients show and use to decide what needs a person's confirmation.
  enum Effect: Sendable {
    /// Reads only.
    case reads
    /// Changes something; the same call again changes nothing more.
    case idempotentWrite
    /// Changes something each time it is called.
    case write
    /// Removes or takes back something.
    case destructiveWrite
  }

  let name: String
  let tier: ToolTier
  let description: String
  let effect: Effect
  let properties: [String: Value]
  let required: [String]
  let run: @Sendable (ToolArguments, JitApplication) throws -> ToolAnswer

  init(
    _ name: String, _ tier: ToolTier, _ effect: Effect, _ description: String,
    properties: [String: Value] = [:], required: [String] = [],
    run: @escaping @Sendable (ToolArguments, JitApplication) throws -> ToolAnswer
  ) {
    self.name = name
    self.tier = tier
    self.effect = effect
    self.description = description
    self.properties = properties
    self.required = required
    self.run = run
  }

  /// The tool as `tools/list` answers it.
  var tool: Tool {
    var schema: [String: Value] = [
      "type": "object", "properties": .object(properties), "additionalProperties": false,
    ]
    if !required.isEmpty { schema["required"] = .array(required.map(Value.string)) }
    return Tool(
      name: name, description: description, inputSchema: .object(schema), annotations: annotations)
  }

  var annotations: Tool.Annotations {
    switch effect {
    case .reads:
      Tool.Annotations(readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false)
    case .idempotentWrite:
      Tool.Annotations(
        readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false)
    case .write:
      Tool.Annotations(
        readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false)
    case .destructiveWrite:
      Tool.Annotations(
        readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false)
    }
  }

  /// The arguments of a call, checked against the properties this tool takes.
  func arguments(_ values: [String: Value]?) throws -> ToolArguments {
    try ToolArguments(tool: name, values: values, known: Set(properties.keys))
  }
}

/// The pieces of input schemas, short on purpose: every character is paid for in an agent's context.
enum Schema {
  static func string(_ description: String) -> Value {
    ["type": "string", "description": .string(description)]
  }

  static func strings(_ description: String) -> Value {
    ["type": "array", "items": ["type": "string"], "description": .string(description)]
  }

  static func oneOf(_ values: [String], _ description: String) -> Value {
    ["type": "string", "enum": .array(values.map(Value.string)), "description": .string(description)]
  }

  static func integer(_ description: String, minimum: Int, maximum: Int) -> Value {
    [
      "type": "integer", "minimum": .int(minimum), "maximum": .int(maximum),
      "description": .string(description),
    ]
  }

  static func boolean(_ description: String) -> Value {
    ["type": "boolean", "description": .string(description)]
  }

  static func stringMap(_ description: String) -> Value {
    ["type": "object", "additionalProperties": ["type": "string"], "description": .string(description)]
  }

  static let id = string("Issue id or unique suffix (4+ chars)")

  static func limit(_ fallback: Int, _ maximum: Int) -> Value {
    integer("At most this many (default \(fallback))", minimum: 1, maximum: maximum)
  }
}

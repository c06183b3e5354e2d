import Foundation
import JitCore
import MCP
import Testing

@testable import JitMCP

/// The tools each tier offers, their schemas and hints, and what the core listing costs an agent.
@Suite struct ToolCatalogTests {
  static let coreNames = [
    "ready", "claim_next", "show", "complete", "release", "create", "set_context", "check_gates",
  ]
  static let standardAdds = ["claim", "query", "dep_add", "dep_remove", "graph", "events", "status"]

  @Test func eachTierOffersItsToolsAndEveryToolOfTheTierBelow() {
    #expect(ToolCatalog.names(for: .core) == Self.coreNames)
    #expect(ToolCatalog.names(for: .standard) == Self.coreNames + Self.standardAdds)
    let all = ToolCatalog.names(for: .all)
    #expect(Array(all.prefix(15)) == Self.coreNames + Self.standardAdds)
    #expect(all.count > 15)
    #expect(Set(all).count == all.count, "tool names are unique")
  }

  @Test(arguments: ToolTier.allCases) func everyToolHasASchemaHintsAndAShortDescription(tier: ToolTier) throws
  {
    for jitTool in ToolCatalog.tools(for: tier) {
      let tool = jitTool.tool
      #expect(tool.annotations.readOnlyHint != nil, "\(tool.name)")
      #expect(tool.annotations.destructiveHint != nil, "\(tool.name)")
      #expect(tool.annotations.idempotentHint != nil, "\(tool.name)")
      #expect((tool.description ?? "").count <= 110, "\(tool.name): \(tool.description ?? "")")
      let schema = try #require(tool.inputSchema.objectValue)
      #expect(schema["type"] == "object")
      #expect(schema["additionalProperties"] == false)
      let properties = try #require(schema["properties"]?.objectValue, "\(tool.name)")
      for required in schema["required"]?.arrayValue ?? [] {
        #expect(properties[required.stringValue ?? ""] != nil, "\(tool.name) requires a property it has")
      }
      for (name, property) in properties {
        #expect(property.objectValue?["type"] != nil, "\(tool.name).\(name) has a type")
        #expect(property.objectValue?["description"] != nil, "\(tool.name).\(name) is described")
      }
    }
  }

  @Test func readsAreReadOnlyAndChangesAreNot() {
    let hints = Dictionary(
      uniqueKeysWithValues: ToolCatalog.tools(for: .all).map { ($0.name, $0.tool.annotations) })
    for name in ["ready", "show", "query", "graph", "events", "status", "next", "gates", "stalled"] {
      #expect(hints[name]?.readOnlyHint == true, "\(name)")
    }
    for name in ["claim_next", "complete", "create", "check_gates", "claim", "gate_pass"] {
      #expect(hints[name]?.readOnlyHint == false, "\(name)")
      #expect(hints[name]?.idempotentHint == false, "\(name)")
    }
    #expect(hints["release"]?.destructiveHint == true)
    #expect(hints["dep_remove"]?.destructiveHint == true)
    #expect(hints["set_context"]?.idempotentHint == true)
  }

  /// The issue's budget: the core tier's `tools/list` result under 2,500 tokens (characters / 4).
  @Test func theCoreListingIsUnder2500Tokens() throws {
    let listing = ListTools.Result(tools: ToolCatalog.tools(for: .core).map(\.tool))
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    let characters = String(decoding: try encoder.encode(listing), as: UTF8.self).count
    #expect(characters / 4 < 2_500, "core tools/list is \(characters) characters")
    #expect(characters > 1_000, "the listing is measured, not empty")
  }

  @Test func theTierComesFromTheOptionThenTheVariableElseCore() throws {
    #expect(try ToolTier.chosen(option: nil, environment: [:]) == .core)
    #expect(try ToolTier.chosen(option: nil, environment: ["JIT_MCP_TIER": "all"]) == .all)
    #expect(try ToolTier.chosen(option: "standard", environment: ["JIT_MCP_TIER": "all"]) == .standard)
    #expect(try ToolTier.chosen(option: nil, environment: ["JIT_MCP_TIER": ""]) == .core)
    for (option, environment) in [("everything", [String: String]()), (nil, ["JIT_MCP_TIER": "Core"])] {
      let error = #expect(throws: JitError.self) {
        try ToolTier.chosen(option: option, environment: environment)
      }
      #expect(error?.code == .invalidArgument)
      #expect(error?.details["source"] == .string(option == nil ? "JIT_MCP_TIER" : "--tier"))
    }
  }

  @Test func onlyToolCallArgumentsThatStartWithDataAreMarkedAndTheMarkComesOff() throws {
    let call = Data(
      #"{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"create","arguments":{"title":"data:,x","gates":["data:y","z"],"context":{"k":"data:v"},"description":"a data: b"}}}"#
        .utf8)
    let marked = LiteralStringTransport.markingDataURLs(call)
    let object = try #require(try JSONSerialization.jsonObject(with: marked) as? [String: Any])
    let arguments = try #require((object["params"] as? [String: Any])?["arguments"] as? [String: Any])
    let marker = LiteralStringTransport.marker
    #expect(arguments["title"] as? String == marker + "data:,x")
    #expect(arguments["gates"] as? [String] == [marker + "data:y", "z"])
    #expect((arguments["context"] as? [String: String])?["k"] == marker + "data:v")
    #expect(arguments["description"] as? String == "a data: b")
    #expect(ToolArguments.literal(marker + "data:,x") == "data:,x")
    #expect(ToolArguments.literal("data:,x") == "data:,x")
    let other = Data(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"x":"data:,y"}}"#.utf8)
    #expect(LiteralStringTransport.markingDataURLs(other) == other)
  }
}

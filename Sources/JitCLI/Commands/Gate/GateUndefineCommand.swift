import ArgumentParser
import JitCore
import JitWire

struct GateUndefineCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "undefine", abstract: "Remove a gate from the registry.",
    discussion: """
      Refused with GATE_IN_USE (exit 4), naming the issues, while any issue requires the gate: \
      remove it from them first with 'jit gate remove <id> <key>'.
      """)

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The gate key.") var key: String
  @Option(help: "Who is removing it (type:identifier; a bare name is an agent).") var by: String?

  func execute(_ context: CommandContext) throws {
    let definition = try context.application().undefineGate(key, by: by)
    try context.emit(definition) { "Undefined gate \(definition.key)" }
  }
}

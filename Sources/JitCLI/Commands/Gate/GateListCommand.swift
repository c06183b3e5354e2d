import ArgumentParser
import JitCore
import JitWire

struct GateListCommand: LongOutputCommand {
  static let configuration = CommandConfiguration(
    commandName: "list", abstract: "List the gates in the registry.")

  @OptionGroup var global: GlobalOptions

  func execute(_ context: CommandContext) throws {
    let gates = try context.application().gates()
    try context.emit(gates) { GateText.table(gates) }
  }
}

import ArgumentParser
import JitCore
import JitWire

struct IssueHeartbeatCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "heartbeat", abstract: "Renew the lease of your claim on an issue.",
    discussion: """
      Only the holder renews, under its current claim (--claim GEN, else $JIT_CLAIM): a stale claim \
      is STALE_CLAIM and another actor's is NOT_HOLDER (both exit 5). The lease runs for its length \
      again from now. A heartbeat writes no event and no committed file (leases live in the \
      git-ignored .jit/run/).
      """)

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The issue: its id or a unique suffix of 4+ characters.") var id: String
  @Option(help: "Who holds it (type:identifier; a bare name is an agent); default $JIT_ACTOR or human:$USER.")
  var by: String?
  @Option(help: "The claim generation you hold it under (default $JIT_CLAIM).") var claim: String?

  func execute(_ context: CommandContext) throws {
    let lease = try context.application().heartbeat(id, by: by, claim: claim)
    try context.emit(lease) {
      "Renewed \(lease.id.short) (claim \(lease.generation)) until \(lease.expiresAt)"
    }
  }
}

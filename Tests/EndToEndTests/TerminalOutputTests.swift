import Foundation
import JitTestSupport
import Testing

/// States and priorities in colour on a terminal; none when piped or with `NO_COLOR`.
@Suite struct TerminalOutputTests {
  static let escape = "\u{1B}["

  @Test func listsAreColouredOnATerminalOnly() throws {
    let jit = try BuiltBinary.path("jit")
    let repo = try TemporaryRepository()
    _ = try repo.create("urgent", "--priority", "critical")
    var environment = repo.environment
    environment["TERM"] = "xterm"
    environment["JIT_PAGER"] = "cat"  // less would add its own terminal sequences
    let terminal = try BuiltBinary.runAtTerminal(
      jit, ["issue", "list"], in: repo.root, environment: environment)
    #expect(terminal.status == 0)
    #expect(terminal.stdout.contains("\(Self.escape)32mready\(Self.escape)0m"), "\(terminal.stdout)")
    #expect(terminal.stdout.contains("\(Self.escape)1;31mcritical\(Self.escape)0m"))
    #expect(!terminal.stdout.contains("\(Self.escape)32mSTATE"), "headers stay plain")

    var noColour = environment
    noColour["NO_COLOR"] = "1"
    let plain = try BuiltBinary.runAtTerminal(jit, ["issue", "list"], in: repo.root, environment: noColour)
    #expect(plain.stdout.contains("ready"))
    #expect(!plain.stdout.contains(Self.escape))

    let piped = try BuiltBinary.run(jit, ["issue", "list"], in: repo.root, environment: environment)
    #expect(piped.stdout.contains("critical"))
    #expect(!piped.stdout.contains(Self.escape))
    let json = try BuiltBinary.runAtTerminal(
      jit, ["status", "--json"], in: repo.root, environment: environment)
    #expect(!json.stdout.contains(Self.escape))
  }

  @Test func longOutputGoesThroughThePagerOnATerminalOnly() throws {
    let jit = try BuiltBinary.path("jit")
    let repo = try TemporaryRepository()
    let id = try repo.create("paged work")
    var environment = repo.environment
    environment["PAGER"] = "sed s/^/paged:/"
    environment["NO_COLOR"] = "1"
    let terminal = try BuiltBinary.runAtTerminal(
      jit, ["issue", "list"], in: repo.root, environment: environment)
    #expect(terminal.status == 0)
    #expect(terminal.stdout.contains("paged:ID"), "\(terminal.stdout)")
    #expect(terminal.stdout.contains("paged:\(id.suffix(8))"))
    let shown = try BuiltBinary.runAtTerminal(
      jit, ["issue", "show", id], in: repo.root, environment: environment)
    #expect(shown.stdout.hasPrefix("paged:"))
    // JIT_PAGER wins over PAGER; cat (or an empty pager) turns it off.
    var own = environment
    own["JIT_PAGER"] = "cat"
    let unpaged = try BuiltBinary.runAtTerminal(jit, ["issue", "list"], in: repo.root, environment: own)
    #expect(!unpaged.stdout.contains("paged:"))
    #expect(unpaged.stdout.contains("paged work"))
    // Never when piped, for JSON, or for a short answer such as a claim.
    let piped = try BuiltBinary.run(jit, ["issue", "list"], in: repo.root, environment: environment)
    #expect(!piped.stdout.contains("paged:"))
    let json = try BuiltBinary.runAtTerminal(
      jit, ["issue", "list", "--json"], in: repo.root, environment: environment)
    #expect(!json.stdout.contains("paged:"))
    let status = try BuiltBinary.runAtTerminal(jit, ["status"], in: repo.root, environment: environment)
    #expect(!status.stdout.contains("paged:"))
  }
}

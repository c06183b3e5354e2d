import ArgumentParser
import JitTestSupport
import Testing

@testable import JitCLI

/// The quick parse of the hot commands gives exactly the command ArgumentParser gives, and leaves
/// everything else (help, mistakes, unusual forms) to ArgumentParser.
@Suite struct QuickParseTests {
  /// Every stored value of a command, wrappers included, as text.
  static func fields(_ command: any ParsableCommand) -> String {
    var text = ""
    dump(command, to: &text)
    return text
  }

  static let quick: [[String]] = [
    ["issue", "claim-next"],
    ["issue", "claim-next", "--to", "agent:a", "--json"],
    ["issue", "claim-next", "--to=agent:a", "--filter", "priority:high|critical"],
    ["issue", "claim-next", "--filter=state:ready", "--repo", "/tmp/elsewhere", "--json"],
    ["issue", "claim", "01JXVAYX", "--to", "agent:b"],
    ["issue", "claim", "--to", "agent:b", "01JXVAYX", "--json"],
    ["issue", "show", "VAYX"],
    ["issue", "show", "VAYX", "--json", "--repo=/srv/x"],
    ["issue", "create", "--title", "A title with spaces"],
    [
      "issue", "create", "--title", "t", "--desc", "d", "--priority", "high", "--gate", "review", "--gate",
      "tests", "--dep", "ABCD", "--context", "k=v", "--by", "human:me", "--json",
    ],
    ["issue", "create", "--title=t", "--description", "long form", "--priority=critical"],
    ["issue", "dep", "add", "ABCD", "--on", "EFGH"],
    ["issue", "dep", "add", "ABCD", "--on", "EFGH", "--on", "IJKL", "--by", "agent:x", "--json"],
    ["query", "ready"],
    ["query", "ready", "--json"],
    ["query", "blocked", "--json"],
  ]

  static let leftToArgumentParser: [[String]] = [
    ["issue", "claim-next", "--help"],
    ["issue", "claim-next", "-h"],
    ["issue", "claim-next", "--to"],
    ["issue", "claim-next", "--to", "--filter", "x"],
    ["issue", "claim-next", "--to", "a", "--to", "b"],
    ["issue", "claim-next", "--to="],
    ["issue", "claim-next", "--bogus", "x"],
    ["issue", "claim-next", "extra"],
    ["issue", "claim"],
    ["issue", "claim", "A", "B"],
    ["issue", "show", "-1234"],
    ["issue", "show", "--", "ABCD"],
    ["issue", "show", "ABCD", "--json", "--json"],
    ["issue", "create"],
    ["issue", "create", "--title", "t", "--priority", "urgent"],
    ["issue", "create", "--title", "t", "--desc", "a", "--description", "b"],
    ["issue", "create", "--title", "t", "--generate-completion-script", "bash"],
    ["issue", "dep", "add", "--on", "X"],
    ["issue", "dep", "remove", "A", "--on", "B"],
    ["query", "ready", "--repo", "a", "--repo", "b"],
    ["query", "list"],
    ["--version"],
    [],
  ]

  @Test(arguments: quick)
  func theQuickParseIsArgumentParsersParse(_ arguments: [String]) throws {
    let quick = try #require(QuickParse.command(arguments), "expected a quick parse of \(arguments)")
    let parsed = try JitCommand.parseAsRoot(arguments)
    #expect(type(of: quick) == type(of: parsed))
    #expect(Self.fields(quick) == Self.fields(parsed))
  }

  @Test(arguments: leftToArgumentParser)
  func everythingElseIsLeftToArgumentParser(_ arguments: [String]) {
    #expect(QuickParse.command(arguments) == nil)
  }

  @Test func theValuesLandInTheRightFields() throws {
    let command = try #require(
      QuickParse.command(["issue", "dep", "add", "ABCD", "--on", "EF", "--on=GH", "--json"]) as? DepAddCommand
    )
    #expect(command.id == "ABCD")
    #expect(command.prerequisites == ["EF", "GH"])
    #expect(command.by == nil)
    #expect(command.global.json)
    #expect(command.global.repo == nil)
  }
}

/// `--json` anywhere before a `--` is the flag; after it, a value.
@Suite struct JSONFlagPlacementTests {
  @Test func jsonBeforeTheTerminatorIsHonoured() throws {
    let repo = try TemporaryRepository()
    let id = try repo.create("work")
    let shown = repo.run("issue", "show", "--json", "--", id)
    #expect(shown.status == 0)
    #expect(try shown.object()["short_id"] as? String == String(id.suffix(8)))
  }

  @Test func jsonAfterTheTerminatorIsAnIssueReference() throws {
    let repo = try TemporaryRepository()
    let shown = repo.run("issue", "show", "--", "--json")
    #expect(shown.status != 0)
    #expect(shown.stdout.contains("{") == false)  // not the JSON envelope: --json is the id here
  }
}

extension JSONFlagPlacementTests {
  @Test func aMistakeAfterTheTerminatorIsReportedAsItself() throws {
    let repo = try TemporaryRepository()
    let id = try repo.create("work")
    let result = repo.run("issue", "show", "--json", "--", id, "extra")
    #expect(result.status == 2)
    #expect(result.errorCode == "INVALID_ARGUMENT")
    #expect(result.stderr.contains("group of commands") == false)
    #expect(result.stderr.contains("extra"))
  }
}

import ArgumentParser
import Foundation
import Testing

@testable import JitCLI

/// Every option, flag and positional that a command shadowed by `QuickParse` declares (as
/// ArgumentParser itself describes it, with `--experimental-dump-help`) is either read by the quick
/// form, giving ArgumentParser's own command value, or makes the quick form fall back. A new option
/// on one of these commands fails here until the quick form reads it or leaves it alone.
@Suite struct QuickParseCoverageTests {
  /// One declared argument, from ArgumentParser's description of a command.
  struct Declared {
    var kind: String
    var longNames: [String]
    var shortNames: [String]
    var repeating: Bool
  }

  static func declared(_ path: [String]) throws -> [Declared] {
    let output = CapturedOutput()
    let status = JitCLI.run(
      path + ["--experimental-dump-help"], environment: [:], workingDirectory: "/", output: output)
    #expect(status == 0)
    let root = try #require(
      try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
    let command = try #require(root["command"] as? [String: Any])
    let arguments = command["arguments"] as? [[String: Any]] ?? []
    return arguments.map { argument in
      let names = argument["names"] as? [[String: String]] ?? []
      return Declared(
        kind: argument["kind"] as? String ?? "",
        longNames: names.filter { $0["kind"] == "long" || $0["kind"] == "longWithSingleDash" }
          .compactMap { $0["name"] },
        shortNames: names.filter { $0["kind"] == "short" }.compactMap { $0["name"] },
        repeating: argument["isRepeating"] as? Bool ?? false)
    }
  }

  /// A value each option accepts, so that a quick parse can be compared with ArgumentParser's.
  static func sample(_ option: String) -> String {
    switch option {
    case "priority": "high"
    case "filter": "priority:high"
    case "to", "by": "agent:x"
    case "context": "k=v"
    default: "ABCD"
    }
  }

  /// The shortest words the form reads: its path, its positionals, and the options it needs.
  static func base(_ form: QuickParse.Form) -> [String] {
    form.path + Array(repeating: "ABCD", count: form.positionals)
      + (form.path == ["issue", "create"] ? ["--title", "t"] : [])
  }

  static func expectSameParse(_ arguments: [String]) throws {
    let quick = try #require(QuickParse.command(arguments), "expected a quick parse of \(arguments)")
    let parsed = try JitCommand.parseAsRoot(arguments)
    #expect(type(of: quick) == type(of: parsed))
    #expect(QuickParseTests.fields(quick) == QuickParseTests.fields(parsed), "\(arguments)")
  }

  @Test(arguments: QuickParse.forms.map(\.path))
  func everyDeclaredArgumentIsReadOrFallsBack(_ path: [String]) throws {
    let form = try #require(QuickParse.forms.first { $0.path == path })
    let base = Self.base(form)
    try Self.expectSameParse(base)
    var positionals = 0
    for argument in try Self.declared(path) {
      switch argument.kind {
      case "positional":
        positionals += 1
      case "option":
        for name in argument.longNames {
          let words = ["--" + name, Self.sample(name)]
          if name == "repo" || form.options.contains(name) {
            // Read by the quick form: once gives ArgumentParser's value, and a repeat is read only
            // where ArgumentParser repeats it too.
            if name != "title" { try Self.expectSameParse(base + words) }
            #expect(form.repeatable.contains(name) == argument.repeating, "--\(name) of \(path)")
            if argument.repeating {
              try Self.expectSameParse(base + words + words)
            } else {
              #expect(QuickParse.command(base + words + words) == nil, "--\(name) twice, \(path)")
            }
          } else {
            #expect(QuickParse.command(base + words) == nil, "--\(name) of \(path) must fall back")
          }
        }
        for name in argument.shortNames {
          #expect(QuickParse.command(base + ["-" + name, "x"]) == nil, "-\(name) of \(path)")
        }
      case "flag":
        for name in argument.longNames {
          if name == "json" {
            try Self.expectSameParse(base + ["--json"])
          } else {
            #expect(QuickParse.command(base + ["--" + name]) == nil, "--\(name) of \(path) must fall back")
          }
        }
        for name in argument.shortNames {
          #expect(QuickParse.command(base + ["-" + name]) == nil, "-\(name) of \(path)")
        }
      default:
        Issue.record("unknown argument kind \(argument.kind) in \(path)")
      }
    }
    #expect(positionals == form.positionals, "the positionals of \(path)")
    // Every option the form reads is one the command declares.
    let declaredNames = Set(try Self.declared(path).flatMap(\.longNames))
    #expect(form.options.isSubset(of: declaredNames), "\(path) reads an option it does not declare")
  }
}

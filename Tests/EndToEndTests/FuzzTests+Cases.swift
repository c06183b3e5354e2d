import Foundation
import JitCore
import JitTestSupport
import Testing

/// The cases FuzzTests makes (valid and invalid values, bad invocations), its fixture, and how it
/// judges an outcome.
extension FuzzTests {
  func valid(_ parameter: Parameter, _ command: Command, _ fixture: Fixture, _ random: inout Random)
    -> [UInt8]
  {
    let text: String
    switch parameter.slot {
    case .id: text = random.pick(fixture.ids)
    case .actor: text = command.path == ["issue", "list"] ? "none" : "agent:fuzz"
    case .gateKey: text = "review"
    case .priority: text = "high"
    case .state: text = "ready"
    case .filter: text = "priority:high"
    case .integer: text = command.path == ["events", "tail"] ? "1" : "2"
    case .decimal: text = "50"
    case .format: text = "dot"
    case .stage: text = "precheck"
    case .time: text = "2026-01-01T00:00:00Z"
    case .eventKind: text = "issue.created"
    case .context: text = "k=v"
    case .title: text = "fuzzed"
    case .plugin: text = "checker"
    case .file: text = fixture.artifact
    case .repo: text = fixture.root
    case .free: text = "text"
    }
    return Array(text.utf8)
  }

  /// Values that are certainly invalid in a slot (any of them must be refused).
  func invalid(_ parameter: Parameter, _ command: Command, _ random: inout Random) -> [UInt8] {
    // Bytes that are not UTF-8 are refused in any slot, free text too.
    if parameter.slot == .free || random.chance(10) {
      return random.pick([
        [0xFF, 0xFE], Array("ok".utf8) + [0xC3], [0xED, 0xA0, 0x80], [0x80] + Array("x".utf8),
      ])
    }
    let huge = String(repeating: "Z", count: 5_000 + random.below(60_000))
    let options: [String]
    switch parameter.slot {
    case .id:
      options = [
        "", "x", "IIII", "00000000000000000000000000", "../../etc/passwd", "01JX\nZZZZ", huge, "-1", "ZZ ZZ",
        "QAMB",
      ]
    case .actor:
      options = [
        "", "human:", ":x", "a b:c", "human:a b", "HUMAN:x", "human:\n",
        String(repeating: "t", count: 40) + ":x",
      ]
    case .gateKey: options = ["", "UPPER", "a/b", "../x", String(repeating: "g", count: 65), "a b", "\n"]
    case .priority: options = ["", "urgent", "1", "high\n"]
    case .state: options = ["", "doing", "\u{1B}[31m"]
    case .filter: options = ["", " ", "priority:", "bogus:x", "priority:high|", "state:doing", ":"]
    case .integer:
      options = ["", "-1", "nan", "inf", "1e400", "99999999999999999999", "abc", "0x10", "1.5", "-0x1"]
    case .decimal: options = ["", "-1", "nan", "inf", "-inf", "1e400", "abc", "101"]
    case .format: options = ["", "png", "DOT\n"]
    case .stage: options = ["", "middle"]
    case .time: options = ["", "not a time", "2026-13-45T99:00:00Z", "-5m", "9999999999d"]
    case .eventKind: options = ["", "issue.exploded", "*"]
    case .context: options = ["", "novalue", "=x", "\n=x"]
    case .title: options = ["", "   ", "a\nb", "a\rb", String(repeating: "t", count: 501)]
    case .plugin: options = ["", "../x", "a/b", "/bin/sh"]
    case .file: options = ["", "/dev/null/report.xml", "/dev/zero", "/proc/self/status"]
    case .repo: options = ["", " ", "/dev/null/repository", "/dev/null", "\n"]
    case .free: options = []
    }
    return Array(random.pick(options).utf8)
  }

  /// A command line with exactly one certainly invalid part: a value, an unknown option, an extra
  /// or a missing positional.
  /// Bad ids and actors that are malformed (not merely unknown): every command must refuse them
  /// with the same code.
  static let malformedIDs: Set<String> = ["IIII", "ZZ ZZ", "../../etc/passwd", "x"]
  static let twins = ["01JXT21Q00RCK24BMW019XQAMB", "01JXT21Q00RCK24BMW018XQAMB"]
  static let malformedActors: Set<String> = ["human:", ":x", "a b:c", "human:a b", "HUMAN:x"]

  func badInvocation(_ command: Command, _ fixture: Fixture, _ random: inout Random) -> (
    words: [[UInt8]], note: String, expected: String?
  ) {
    var chosen = command.parameters.filter { $0.required || random.chance(40) }
    // One artifact for ingest; --follow only with a short --timeout (it would follow forever).
    if command.path == ["gate", "ingest"] {
      chosen.removeAll { $0.slot == .file }
      chosen.append(Parameter(option: "junit", slot: .file, required: true))
    }
    let flags = command.flags.filter { _ in random.chance(30) }
    if flags.contains("follow"), !chosen.contains(where: { $0.option == "timeout" }) {
      chosen.append(Parameter(option: "timeout", slot: .integer, required: true))
    }
    var note = ""
    var expected: String? = nil
    var bad = -1
    var extra: [UInt8]? = nil
    switch random.below(10) {
    case 0..<8 where !chosen.isEmpty:
      bad = random.below(chosen.count)
    case 8:
      if let last = chosen.lastIndex(where: { $0.required && $0.option == nil }) {
        chosen.remove(at: last)
        note = "a missing positional"
      } else {
        extra = Array("--no-such-option".utf8)
        note = "an unknown option"
      }
    default:
      extra = random.chance(50) ? Array("--no-such-option".utf8) : Array("EXTRAWORD".utf8)
      note = extra == Array("EXTRAWORD".utf8) ? "an extra positional" : "an unknown option"
    }
    var words: [[UInt8]] = command.path.map { Array($0.utf8) }
    var positionals: [[UInt8]] = []
    for (index, parameter) in chosen.enumerated() {
      let value =
        index == bad ? invalid(parameter, command, &random) : valid(parameter, command, fixture, &random)
      if index == bad {
        let text = String(decoding: value, as: UTF8.self)
        if parameter.slot == .id, Self.malformedIDs.contains(text) { expected = "INVALID_ID" }
        if parameter.slot == .id, text == "QAMB" { expected = "AMBIGUOUS_ID" }
        if parameter.slot == .actor, Self.malformedActors.contains(text) { expected = "INVALID_ACTOR" }
        note =
          "\(parameter.option.map { "--" + $0 } ?? "a positional") "
          + String(decoding: value.prefix(80), as: UTF8.self).debugDescription
      }
      if let option = parameter.option {
        if random.chance(30) {
          words.append(Array("--\(option)=".utf8) + value)
        } else {
          words += [Array("--\(option)".utf8), value]
        }
      } else {
        positionals.append(value)
      }
    }
    words += positionals + flags.map { Array("--\($0)".utf8) }
    if let extra { words.append(extra) }
    if random.chance(50) { words.append(Array("--json".utf8)) }
    return (words, note, expected)
  }

  /// Every file under `.jit/` but the derived cache, the lock and the transient run folder.
  static func snapshot(_ root: String) -> [String: Data] {
    var files: [String: Data] = [:]
    let base = root + "/.jit"
    guard let walker = FileManager.default.enumerator(atPath: base) else { return files }
    for case let relative as String in walker
    where relative != ".lock" && !relative.hasPrefix("cache") && !relative.hasPrefix("run") {
      var directory: ObjCBool = false
      if FileManager.default.fileExists(atPath: base + "/" + relative, isDirectory: &directory),
        !directory.boolValue
      {
        files[relative] = FileManager.default.contents(atPath: base + "/" + relative)
      }
    }
    return files
  }

  /// The checks every run answers to, bad input or not: returns what is wrong, if anything.
  static func judge(_ outcome: BoundedProcess.Outcome, json: Bool) -> String? {
    if outcome.timedOut { return "hung (killed after its deadline)" }
    if let signal = outcome.signal { return "died of signal \(signal)" }
    let lines = outcome.stderrText.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
    if lines.contains(where: { !$0.hasPrefix("jit: ") }) {
      return "stderr has a line that is not jit's: \(outcome.stderrText.prefix(300).debugDescription)"
    }
    if outcome.status != 0 {
      guard let last = lines.last, last.hasPrefix("jit: error: ") else {
        return
          "failed without a one-line error last on stderr: \(outcome.stderrText.prefix(300).debugDescription)"
      }
      if json {
        let object = try? JSONSerialization.jsonObject(with: Data(outcome.stdout)) as? [String: Any]
        guard let error = object?["error"] as? [String: Any], error["code"] is String else {
          return "failed with --json but no error envelope on stdout: \(outcome.stdoutText.prefix(300))"
        }
      }
    } else if json, !outcome.stdout.isEmpty {
      // JSON lines (events) or one document.
      let documents =
        (try? JSONSerialization.jsonObject(with: Data(outcome.stdout), options: [.fragmentsAllowed])) != nil
        || outcome.stdoutText.split(separator: "\n").allSatisfy {
          (try? JSONSerialization.jsonObject(with: Data($0.utf8))) != nil
        }
      if !documents { return "exit 0 with --json but stdout is not JSON: \(outcome.stdoutText.prefix(300))" }
    }
    return nil
  }

  func fixture(_ jit: String) throws -> (TemporaryDirectory, Fixture) {
    let directory = try TemporaryDirectory(prefix: "jit-fuzz")
    let root = directory.file("repo")
    try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    func run(_ words: [String]) throws -> BoundedProcess.Outcome {
      let outcome = try BoundedProcess.run(jit, words, in: root, environment: Self.environment, timeout: 20)
      guard outcome.status == 0 else { throw HarnessError("\(words): \(outcome.stderrText)") }
      return outcome
    }
    _ = try run(["init"])
    _ = try run(["gate", "define", "review", "--title", "Review", "--manual", "--by", "human:fuzz"])
    func id(_ outcome: BoundedProcess.Outcome) throws -> String {
      let object = try JSONSerialization.jsonObject(with: Data(outcome.stdout)) as? [String: Any]
      return try #require(object?["id"] as? String)
    }
    let first = try id(try run(["issue", "create", "--title", "first", "--json"]))
    let second = try id(
      try run(["issue", "create", "--title", "second", "--dep", first, "--gate", "review", "--json"]))
    let third = try id(try run(["issue", "create", "--title", "third", "--priority", "high", "--json"]))
    _ = try run(["issue", "claim", third, "--to", "agent:worker"])
    // Two issues whose ids end alike, written as a merge would bring them: "QAMB" is ambiguous.
    for twin in Self.twins {
      let issue = Issue(
        id: try IssueID(validating: twin), title: "twin", state: .ready,
        createdAt: Timestamp(millisecondsSince1970: 1_700_000_000_000))
      try Data(try JSONCoding.encodeFile(issue)).write(
        to: URL(fileURLWithPath: root + "/.jit/issues/\(twin).json"))
    }
    let artifact = directory.file("junit.xml")
    try Data(
      "<?xml version=\"1.0\"?><testsuite name=\"s\" tests=\"1\" failures=\"0\"><testcase name=\"t\"/></testsuite>\n"
        .utf8
    ).write(to: URL(fileURLWithPath: artifact))
    return (directory, Fixture(root: root, ids: [first, second, third], artifact: artifact))
  }

  static let environment = [
    "JIT_ACTOR": "human:fuzz", "PATH": "/usr/bin:/bin", "USER": "fuzz", "JIT_LOCK_TIMEOUT": "5",
  ]

  static func seed() -> UInt64 {
    if let text = settings["JIT_FUZZ_SEED"], let seed = UInt64(text) { return seed }
    return UInt64.random(in: 1...UInt64(Int64.max))
  }
}

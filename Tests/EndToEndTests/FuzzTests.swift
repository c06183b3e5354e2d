import Foundation
import JitCore
import JitTestSupport
import Testing

/// Random and structured bad input for every leaf command of the built binary, and random bytes in
/// every file under `.jit/`: no run may die of a signal, outlive its deadline, or (given input that
/// is certainly invalid) exit 0 having changed `.jit/`. Every failure must be a clear error: one
/// `jit: error:` line last on stderr, and with `--json` an envelope on stdout.
///
/// The seed is printed; `JIT_FUZZ_SEED=<n>` replays a run, `JIT_FUZZ_ITERATIONS=<n>` sets how many
/// argv cases run (default 400, about 10 per command; the file cases scale with it), and the
/// whole test stops making new cases after `JIT_FUZZ_SECONDS` (default 50).
@Suite(.serialized) struct FuzzTests {
  static let settings = ProcessInfo.processInfo.environment

  struct Random {
    var state: UInt64
    mutating func next() -> UInt64 {  // SplitMix64
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(max(bound, 1))) }
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
    mutating func pick<T>(_ list: [T]) -> T { list[below(list.count)] }
    mutating func bytes(_ count: Int) -> [UInt8] {
      (0..<count).map { _ in UInt8(truncatingIfNeeded: next()) }
    }
  }

  /// What a value slot holds, which decides its valid value and its certainly invalid ones.
  enum Slot: CaseIterable {
    case id, actor, gateKey, priority, state, filter, integer, decimal, format, stage, time, eventKind
    case context, title, plugin, file, repo, free
  }

  /// One value a command takes: a positional or an option.
  struct Parameter {
    var option: String?  // nil for a positional
    var slot: Slot
    var required: Bool
  }

  struct Command {
    var path: [String]
    var parameters: [Parameter]
    var flags: [String]
  }

  /// Every leaf command, from the binary's own description of itself (so a new command is fuzzed
  /// without anyone listing it here).
  static func commands(_ jit: String, in directory: String) throws -> [Command] {
    let dump = try BoundedProcess.run(
      jit, ["--experimental-dump-help"], in: directory, environment: [:], timeout: 20)
    let root = try #require(
      (try JSONSerialization.jsonObject(with: Data(dump.stdout)) as? [String: Any])?["command"]
        as? [String: Any])
    var found: [Command] = []
    func walk(_ node: [String: Any], _ path: [String]) {
      let children = node["subcommands"] as? [[String: Any]] ?? []
      for child in children { walk(child, path + [child["commandName"] as? String ?? "?"]) }
      guard children.isEmpty, !path.isEmpty, path != ["help"] else { return }
      var command = Command(path: path, parameters: [], flags: [])
      for argument in node["arguments"] as? [[String: Any]] ?? [] {
        let names = (argument["names"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        let long = names.last ?? ""
        let required = !(argument["isOptional"] as? Bool ?? true)
        switch argument["kind"] as? String {
        case "flag":
          if !["help", "h", "version", "json"].contains(long) { command.flags.append(long) }
        case "option":
          command.parameters.append(Parameter(option: long, slot: slot(option: long), required: required))
        case "positional":
          let name = argument["valueName"] as? String ?? ""
          command.parameters.append(Parameter(option: nil, slot: slot(positional: name), required: required))
        default: break
        }
      }
      found.append(command)
    }
    walk(root, [])
    return found
  }

  static func slot(option: String) -> Slot {
    switch option {
    case "title": return .title
    case "priority": return .priority
    case "gate": return .gateKey
    case "dep", "on", "issue": return .id
    case "context": return .context
    case "by", "to", "assignee": return .actor
    case "state": return .state
    case "filter": return .filter
    case "limit", "depth", "lines", "timeout": return .integer
    case "threshold", "coverage-threshold": return .decimal
    case "stage": return .stage
    case "plugin": return .plugin
    case "junit", "sarif", "cobertura", "result": return .file
    case "format": return .format
    case "since", "until": return .time
    case "event": return .eventKind
    case "repo": return .repo
    default: return .free
    }
  }

  static func slot(positional name: String) -> Slot {
    switch name {
    case "id": return .id
    case "key": return .gateKey
    case "name": return .actor
    case "state": return .state
    case "level": return .priority
    default: return .free
    }
  }

  /// The fixture every argv case starts from.
  struct Fixture {
    var root: String
    var ids: [String]
    var artifact: String
  }

  @Test(.timeLimit(.minutes(3))) func badArgumentsAndBadFilesNeverCrashHangOrChangeAnything() throws {
    let seed = Self.seed()
    print("fuzz seed: \(seed) (replay with JIT_FUZZ_SEED=\(seed))")
    var random = Random(state: seed)
    let iterations = Int(Self.settings["JIT_FUZZ_ITERATIONS"] ?? "") ?? 400
    let budget = Double(Self.settings["JIT_FUZZ_SECONDS"] ?? "") ?? 50
    let started = Date()
    let jit = try BuiltBinary.path("jit")
    let (directory, fixture) = try fixture(jit)
    let pristine = directory.file("pristine")
    try FileManager.default.copyItem(atPath: fixture.root, toPath: pristine)
    func restore() throws {
      try FileManager.default.removeItem(atPath: fixture.root)
      try FileManager.default.copyItem(atPath: pristine, toPath: fixture.root)
    }
    let commands = try Self.commands(jit, in: fixture.root)
    #expect(commands.count >= 30, "the command tree was not read: \(commands.map(\.path))")
    let environment = Self.environment.sorted { $0.key < $1.key }.map { Array("\($0.key)=\($0.value)".utf8) }
    var runs = 0
    var failures = 0

    // Argv: every command in turn, each time with one certainly invalid part.
    let before = Self.snapshot(fixture.root)
    for iteration in 0..<iterations where Date().timeIntervalSince(started) < budget * 0.7 && failures < 10 {
      let command = commands[iteration % commands.count]
      var (words, note, expected) = badInvocation(command, fixture, &random)
      var caseEnvironment = environment
      if random.chance(5) {
        // Or the environment is what is bad: a variable jit reads that is not UTF-8, a lock timeout.
        let variable = random.pick([
          Array("JIT_ACTOR=agent:".utf8) + [0xFF], Array("USER=".utf8) + [0xC3],
          Array("JIT_DIR=/tmp/".utf8) + [0xFE],
          Array("JIT_LOCK_TIMEOUT=-1".utf8), Array("JIT_LOCK_TIMEOUT=1e400".utf8),
          Array("JIT_LOCK_TIMEOUT=nan".utf8),
        ])
        let name = variable.prefix { $0 != UInt8(ascii: "=") }
        caseEnvironment =
          environment.filter { !$0.starts(with: Array(name) + [UInt8(ascii: "=")]) } + [variable]
        note = "the environment: \(String(decoding: variable, as: UTF8.self).debugDescription)"
        // Only the variable is wrong: the rest of the invocation is valid.
        words = validInvocation(command, fixture, &random) + [Array("--json".utf8)]
        expected = nil
      }
      let outcome = try BoundedProcess.run(
        jit, words, in: fixture.root, environment: caseEnvironment, timeout: 10)
      runs += 1
      let shown = words.map { String(decoding: $0, as: UTF8.self) }.joined(separator: " ").prefix(300)
      let json = words.last == Array("--json".utf8)
      var problem = Self.judge(outcome, json: json)
      let after = Self.snapshot(fixture.root)
      // (A usage error the rest of the line makes, such as `issue update` with nothing to change,
      // may come first.)
      if problem == nil, json, let expected,
        ![expected, "INVALID_ARGUMENT"].contains(outcome.result.errorCode)
      {
        problem = "refused with \(outcome.result.errorCode ?? "no code") where \(note) calls for \(expected)"
      }
      let recordsVerdicts = command.path == ["gate", "check"] || command.path == ["gate", "ingest"]
      if problem == nil, after != before, outcome.status == 0 || !recordsVerdicts {
        problem = "exit \(outcome.status ?? -1) and .jit/ changed, given \(note)"
      }
      if let problem {
        failures += 1
        Issue.record("seed \(seed), case \(iteration): jit \(shown): \(problem)")
        try restore()
      }
    }

    // Files: random bytes (and near-misses of valid content) in each file under .jit/, then reads.
    let targets = [
      ".jit/issues/\(fixture.ids[0]).json", ".jit/issues/\(fixture.ids[1]).json", ".jit/gates.json",
      ".jit/events.jsonl", ".jit/index.json", ".jit/cache/index.sqlite", ".jit/run/journal", ".jit/.lock",
    ]
    let reads: [[String]] = [
      ["status"], ["issue", "list"], ["query", "ready"], ["query", "blocked"], ["graph", "roots"],
      ["graph", "show", fixture.ids[1]], ["export", "--format", "mermaid"], ["events", "query"],
      ["issue", "show", fixture.ids[2]], ["validate"],
    ]
    let rounds = max(2, iterations / 60)
    for round in 0..<rounds {
      for target in targets where Date().timeIntervalSince(started) < budget && failures < 10 {
        try restore()
        let path = fixture.root + "/" + target
        let original = FileManager.default.contents(atPath: path).map { [UInt8]($0) } ?? []
        let content = corrupt(original, round: round, &random)
        try FileManager.default.createDirectory(
          atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        var planted = "\(content.count) bytes"
        if random.chance(25) {
          // Or something that is not a regular file at all (git can check out a link).
          try? FileManager.default.removeItem(atPath: path)
          switch random.below(4) {
          case 0:
            #expect(mkfifo(path, 0o644) == 0)
            planted = "a FIFO"
          case 1:
            try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: "/dev/zero")
            planted = "a link to /dev/zero"
          case 2:
            try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: "/etc/hostname")
            planted = "a link out of the repository"
          default:
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
            planted = "a directory"
          }
        } else {
          try Data(content).write(to: URL(fileURLWithPath: path))
        }
        for command in reads {
          let json = random.chance(50)
          let plain = random.chance(50)
          let words = (command + (json ? ["--json"] : [])).map { Array($0.utf8) }
          let outcome = try BoundedProcess.run(
            jit, words, in: fixture.root,
            environment: environment + (plain ? [Array("JIT_NO_INDEX=1".utf8)] : []),
            timeout: 10)
          runs += 1
          if let problem = Self.judge(outcome, json: json) {
            failures += 1
            let message: String =
              "seed \(seed), \(planted) in \(target) (round \(round)): jit "
              + command.joined(separator: " ") + (plain ? " (JIT_NO_INDEX=1)" : "") + ": \(problem)"
            Issue.record("\(message)")
          }
        }
      }
    }
    let seconds = Date().timeIntervalSince(started)
    print("fuzz: \(runs) runs in \(String(format: "%.1f", seconds)) s, seed \(seed)")
    #expect(runs > iterations / 2, "the time budget ran out before half the cases ran")
  }

  /// The fuzz test's oracle can fail: a death, a hang, a failure without its error line or
  /// envelope, and a change made by a command are each caught.
  @Test func theOracleCatchesWhatItMust() throws {
    func outcome(
      status: Int32?, signal: Int32? = nil, timedOut: Bool = false, out: String = "", err: String = ""
    )
      -> BoundedProcess.Outcome
    {
      BoundedProcess.Outcome(
        status: status, signal: signal, timedOut: timedOut, stdout: Array(out.utf8), stderr: Array(err.utf8),
        seconds: 0)
    }
    #expect(Self.judge(outcome(status: nil, signal: 6), json: false) != nil)
    #expect(Self.judge(outcome(status: nil, timedOut: true), json: false) != nil)
    #expect(Self.judge(outcome(status: 1, err: "Fatal error: oops\n"), json: false) != nil)
    #expect(Self.judge(outcome(status: 2, err: "jit: error: bad\n"), json: true) != nil)  // no envelope
    #expect(Self.judge(outcome(status: 2, err: "jit: error: two\nlines\n"), json: false) != nil)
    #expect(Self.judge(outcome(status: 0, out: "{not json"), json: true) != nil)
    let envelope = "{\"error\": {\"code\": \"INVALID_ID\", \"message\": \"m\", \"details\": {}}}"
    #expect(
      Self.judge(
        outcome(status: 2, out: envelope, err: "jit: warning: skipped x\njit: error: m\n"), json: true) == nil
    )
    // A change is seen: the real binary, a valid write.
    let jit = try BuiltBinary.path("jit")
    let (directory, fixture) = try fixture(jit)
    _ = directory
    let before = Self.snapshot(fixture.root)
    let changed = try BoundedProcess.run(
      jit, ["issue", "update", fixture.ids[0], "--title", "changed"], in: fixture.root,
      environment: Self.environment, timeout: 20)
    #expect(changed.status == 0)
    #expect(Self.snapshot(fixture.root) != before)
    #expect(try Self.commands(jit, in: fixture.root).contains { $0.path == ["issue", "claim-next"] })
  }

  /// A valid invocation of `command` (its required parts only), for cases where what is bad is
  /// the environment.
  func validInvocation(_ command: Command, _ fixture: Fixture, _ random: inout Random) -> [[UInt8]] {
    var words = command.path.map { Array($0.utf8) }
    var positionals: [[UInt8]] = []
    for parameter in command.parameters
    where parameter.required || (command.path == ["gate", "ingest"] && parameter.option == "junit") {
      let value = valid(parameter, command, fixture, &random)
      if let option = parameter.option {
        words += [Array("--\(option)".utf8), value]
      } else {
        positionals.append(value)
      }
    }
    return words + positionals
  }

  /// Content for a file under `.jit/`: random bytes, the original with bytes flipped, cut short,
  /// wrapped in conflict markers, with a byte that is not UTF-8, or nested very deep.
  func corrupt(_ original: [UInt8], round: Int, _ random: inout Random) -> [UInt8] {
    switch (round + random.below(6)) % 6 {
    case 0: return random.bytes(random.below(3_000))
    case 5:
      // Nested deeper than any decoder should recurse.
      let depth = 1_000 + random.below(200_000)
      return Array("{\"context\": ".utf8) + [UInt8](repeating: UInt8(ascii: "["), count: depth)
        + [UInt8](repeating: UInt8(ascii: "]"), count: depth) + Array("}".utf8)
    case 1:
      var bytes = original.isEmpty ? random.bytes(64) : original
      for _ in 0..<(1 + random.below(8)) {
        bytes[random.below(bytes.count)] = UInt8(truncatingIfNeeded: random.next())
      }
      return bytes
    case 2: return Array(original.prefix(random.below(max(original.count, 1))))
    case 3: return Array("<<<<<<< HEAD\n".utf8) + original + Array("=======\n{}\n>>>>>>> other\n".utf8)
    default:
      var bytes = original.isEmpty ? Array("{\"title\": \"x\"}".utf8) : original
      bytes.insert(contentsOf: [0xFF, 0xC3], at: random.below(bytes.count))
      return bytes
    }
  }
}

import ArgumentParser

/// The commands agents run thousands of times a day, read without ArgumentParser's reflection.
///
/// ArgumentParser builds its model of a command by reflection every time a process starts, which
/// costs about 2 ms here: a third of a `claim-next`. For the plain forms of the hot commands
/// (their path, then long options as `--name value` or `--name=value`, and positionals) this reads
/// the words directly and fills in the same command value. Anything else (help, a short or unknown
/// option, a repeated single option, a value or positional that starts with `-`, a missing or extra
/// positional, a value ArgumentParser would refuse) returns nil, and ArgumentParser parses it, with
/// its messages. `QuickParseTests` holds the two parses to the same command values.
enum QuickParse {
  /// What one quick form accepts.
  struct Form {
    let path: [String]
    /// Long option names (without `--`) that take one value.
    let options: Set<String>
    /// Those of `options` that may be given more than once.
    let repeatable: Set<String>
    let positionals: Int
    let build: (Words) -> (any ContextCommand)?
  }

  /// The words after a form's path, sorted into options and positionals.
  struct Words {
    var global = GlobalOptions()
    var values: [String: [String]] = [:]
    var positionals: [String] = []

    func value(_ name: String) -> String? { values[name]?.last }
    func all(_ name: String) -> [String] { values[name] ?? [] }
  }

  static var forms: [Form] {
    [
      Form(
        path: ["issue", "claim-next"], options: ["filter", "to", "lease"], repeatable: [], positionals: 0
      ) {
        words in
        var command = IssueClaimNextCommand()
        command.global = words.global
        command.filter = words.value("filter")
        command.to = words.value("to")
        command.lease = words.value("lease")
        return command
      },
      Form(path: ["issue", "claim"], options: ["to", "lease"], repeatable: [], positionals: 1) { words in
        var command = IssueClaimCommand()
        command.global = words.global
        command.id = words.positionals[0]
        command.to = words.value("to")
        command.lease = words.value("lease")
        return command
      },
      Form(path: ["issue", "show"], options: [], repeatable: [], positionals: 1) { words in
        var command = IssueShowCommand()
        command.global = words.global
        command.id = words.positionals[0]
        return command
      },
      Form(
        path: ["issue", "create"],
        options: ["title", "desc", "description", "priority", "gate", "dep", "context", "by"],
        repeatable: ["gate", "dep", "context"], positionals: 0
      ) { words in
        // `--desc` and `--description` name one option: given both, ArgumentParser decides.
        guard let title = words.value("title"),
          words.values["desc"] == nil || words.values["description"] == nil
        else { return nil }
        var command = IssueCreateCommand()
        command.global = words.global
        command.title = title
        command.desc = words.value("desc") ?? words.value("description")
        command.priority = nil
        if let text = words.value("priority") {
          guard let priority = PriorityArgument(argument: text) else { return nil }
          command.priority = priority
        }
        command.gates = words.all("gate")
        command.dependencies = words.all("dep")
        command.context = words.all("context")
        command.by = words.value("by")
        command.from = nil  // --from and --dry-run are left to ArgumentParser
        command.dryRun = false
        return command
      },
      Form(path: ["issue", "dep", "add"], options: ["on", "by"], repeatable: ["on"], positionals: 1) {
        words in
        var command = DepAddCommand()
        command.global = words.global
        command.id = words.positionals[0]
        command.prerequisites = words.all("on")
        command.by = words.value("by")
        return command
      },
      Form(path: ["query", "ready"], options: [], repeatable: [], positionals: 0) { words in
        var command = QueryReadyCommand()
        command.global = words.global
        command.limit = nil  // --limit is left to ArgumentParser
        return command
      },
      Form(path: ["query", "blocked"], options: [], repeatable: [], positionals: 0) { words in
        var command = QueryBlockedCommand()
        command.global = words.global
        command.limit = nil  // --limit is left to ArgumentParser
        return command
      },
    ]
  }

  /// The command, or nil when ArgumentParser should parse these arguments.
  static func command(_ arguments: [String]) -> (any ContextCommand)? {
    guard
      let form = forms.first(where: { arguments.count >= $0.path.count && arguments.starts(with: $0.path) }),
      let words = read(arguments.dropFirst(form.path.count), form),
      var command = form.build(words)
    else { return nil }
    do {
      try command.validate()
    } catch {
      return nil
    }
    return command
  }

  static func read(_ arguments: ArraySlice<String>, _ form: Form) -> Words? {
    var words = Words()
    var json = false
    var repo: String?
    var rest = arguments[...]
    while let word = rest.popFirst() {
      guard word.hasPrefix("-") else {
        words.positionals.append(word)
        continue
      }
      guard word.hasPrefix("--"), word.count > 2 else { return nil }
      var name = String(word.dropFirst(2))
      var value: String?
      if let equals = name.firstIndex(of: "=") {
        value = String(name[name.index(after: equals)...])
        name = String(name[..<equals])
      }
      if name == "json" {
        guard value == nil, !json else { return nil }
        json = true
        continue
      }
      guard name == "repo" || form.options.contains(name) else { return nil }
      if value == nil {
        guard let next = rest.popFirst() else { return nil }
        value = next
      }
      guard let value, !value.isEmpty, !value.hasPrefix("-") else { return nil }
      if name == "repo" {
        guard repo == nil else { return nil }
        repo = value
        continue
      }
      guard words.values[name] == nil || form.repeatable.contains(name) else { return nil }
      words.values[name, default: []].append(value)
    }
    guard words.positionals.count == form.positionals else { return nil }
    words.global.json = json
    words.global.repo = repo
    // --fields, --compact and --jsonl are left to ArgumentParser.
    words.global.fields = nil
    words.global.compact = false
    words.global.jsonl = false
    return words
  }
}

import JitCore
import TOMLKit

extension DispatchConfig {
  /// Parses `dispatch.toml`'s text; `path` is only for messages. Every problem is an
  /// `INVALID_CONFIG` naming the key (`agents[1].max_concurrent`) and, when it can be found, its line.
  public static func parse(_ text: String, path: String = "dispatch.toml") throws -> DispatchConfig {
    let table: TOMLTable
    do {
      table = try TOMLTable(string: text)
    } catch let error as TOMLParseError {
      throw DispatchError(
        .invalidConfig, "\(path):\(error.source.begin.line): not valid TOML: \(error.description)",
        line: error.source.begin.line)
    }
    var reader = ConfigReader(path: path, lines: KeyLines(text))
    return try reader.config(table)
  }
}

/// Where each key is written, found by a plain scan of the text (TOMLKit keeps no positions).
struct KeyLines {
  /// `dispatch.poll_interval_secs`, `agents[0].command` → 1-based line.
  var lines: [String: Int] = [:]
  /// Table headers (`dispatch`, `agents[0]`) → line.
  var headers: [String: Int] = [:]

  init(_ text: String) {
    var table = ""
    var arrayCounts: [String: Int] = [:]
    for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let line = raw.drop(while: { $0 == " " || $0 == "\t" })
      if line.hasPrefix("[[") {
        let name = line.dropFirst(2).prefix(while: { $0 != "]" }).trimmingSpaces
        let count = arrayCounts[name, default: 0]
        arrayCounts[name] = count + 1
        table = "\(name)[\(count)]"
        headers[table] = index + 1
      } else if line.hasPrefix("[") {
        table = line.dropFirst().prefix(while: { $0 != "]" }).trimmingSpaces
        headers[table] = index + 1
      } else if let equals = line.firstIndex(of: "="), !line.hasPrefix("#") {
        var key = line[..<equals].trimmingSpaces
        if key.hasPrefix("\"") && key.hasSuffix("\"") && key.count >= 2 {
          key = String(key.dropFirst().dropLast())
        }
        let path = table.isEmpty ? key : table + "." + key
        if lines[path] == nil { lines[path] = index + 1 }
      }
    }
  }

  func line(_ key: String) -> Int? {
    if let line = lines[key] { return line }
    var parent = key
    while let dot = parent.lastIndex(of: ".") {
      parent = String(parent[..<dot])
      if let line = lines[parent] ?? headers[parent] { return line }
    }
    return headers[key]
  }
}

extension Substring {
  fileprivate var trimmingSpaces: String {
    String(
      self.drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" })
        .reversed())
  }
}

/// Reads the parsed table key by key, refusing what it does not know.
private struct ConfigReader {
  let path: String
  let lines: KeyLines

  func error(_ key: String, _ message: String) -> DispatchError {
    let line = lines.line(key)
    let place = line.map { "\(path):\($0)" } ?? path
    return DispatchError(.invalidConfig, "\(place): \(key): \(message)", key: key, line: line)
  }

  func refuseUnknown(_ table: TOMLTable, known: Set<String>, prefix: String) throws {
    for key in table.keys.sorted() where !known.contains(key) {
      let name = prefix.isEmpty ? key : prefix + "." + key
      let expected = known.sorted().joined(separator: ", ")
      throw error(name, "unknown key (expected one of: \(expected))")
    }
  }

  func number(_ table: TOMLTable, _ key: String, _ name: String, minimum: Double = 0) throws -> Double? {
    guard let value = table[key] else { return nil }
    let number: Double
    if let int = value.int {
      number = Double(int)
    } else if let double = value.double {
      number = double
    } else {
      throw error(name, "must be a number, not \(value.type)")
    }
    guard number >= minimum, number.isFinite else { throw error(name, "must be at least \(Int(minimum))") }
    return number
  }

  func integer(_ table: TOMLTable, _ key: String, _ name: String, minimum: Int) throws -> Int? {
    guard let value = table[key] else { return nil }
    guard let int = value.int else { throw error(name, "must be an integer, not \(value.type)") }
    guard int >= minimum else { throw error(name, "must be at least \(minimum)") }
    return int
  }

  func string(_ table: TOMLTable, _ key: String, _ name: String) throws -> String? {
    guard let value = table[key] else { return nil }
    guard let string = value.string else { throw error(name, "must be a string, not \(value.type)") }
    return string
  }

  func strings(_ table: TOMLTable, _ key: String, _ name: String) throws -> [String]? {
    guard let value = table[key] else { return nil }
    guard let array = value.array else { throw error(name, "must be an array of strings, not \(value.type)") }
    var strings: [String] = []
    for (index, element) in array.enumerated() {
      guard let string = element.string else {
        throw error(name, "element \(index) must be a string, not \(element.type)")
      }
      strings.append(string)
    }
    return strings
  }

  mutating func config(_ root: TOMLTable) throws -> DispatchConfig {
    try refuseUnknown(root, known: ["dispatch", "agents", "webhooks"], prefix: "")
    var config = DispatchConfig()
    if let value = root["dispatch"] {
      guard let table = value.table else { throw error("dispatch", "must be a table ([dispatch])") }
      config.dispatch = try settings(table)
    }
    guard let agents = root["agents"] else {
      throw error("agents", "no [[agents]]: nothing to dispatch to")
    }
    guard let array = agents.array else { throw error("agents", "must be an array of tables ([[agents]])") }
    var seen: Set<String> = []
    for (index, element) in array.enumerated() {
      guard let table = element.table else { throw error("agents[\(index)]", "must be a table") }
      let agent = try self.agent(table, index: index)
      guard seen.insert(agent.id).inserted else {
        throw error("agents[\(index)].id", "\(agent.id) is used twice")
      }
      config.agents.append(agent)
    }
    if let webhooks = root["webhooks"] {
      guard let array = webhooks.array else {
        throw error("webhooks", "must be an array of tables ([[webhooks]])")
      }
      for (index, element) in array.enumerated() {
        let name = "webhooks[\(index)]"
        guard let table = element.table else { throw error(name, "must be a table") }
        try refuseUnknown(
          table, known: ["url", "events", "secret_env", "timeout_secs", "max_attempts", "retry_base_secs"],
          prefix: name)
        guard let url = try string(table, "url", name + ".url") else {
          throw error(name + ".url", "is required")
        }
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
          throw error(name + ".url", "must be an http:// or https:// URL")
        }
        var hook = DispatchConfig.Webhook(url: url)
        hook.events = try strings(table, "events", name + ".events") ?? []
        hook.secretEnv = try string(table, "secret_env", name + ".secret_env")
        if let value = try number(table, "timeout_secs", name + ".timeout_secs") {
          guard value > 0 else { throw error(name + ".timeout_secs", "must be above 0") }
          hook.timeoutSecs = value
        }
        hook.maxAttempts =
          try integer(table, "max_attempts", name + ".max_attempts", minimum: 1) ?? hook.maxAttempts
        hook.retryBaseSecs =
          try number(table, "retry_base_secs", name + ".retry_base_secs") ?? hook.retryBaseSecs
        config.webhooks.append(hook)
      }
    }
    return config
  }

  func settings(_ table: TOMLTable) throws -> DispatchConfig.Settings {
    let known: Set<String> = [
      "poll_interval_secs", "max_in_flight", "lease_secs", "heartbeat_secs", "shutdown_grace_secs",
      "kill_grace_secs", "exit_grace_secs", "workspace", "worktree_root", "retry_base_secs", "retry_cap_secs",
    ]
    try refuseUnknown(table, known: known, prefix: "dispatch")
    var settings = DispatchConfig.Settings()
    func key(_ name: String) -> String { "dispatch." + name }
    if let value = try number(table, "poll_interval_secs", key("poll_interval_secs")) {
      guard value > 0 else { throw error(key("poll_interval_secs"), "must be above 0") }
      settings.pollIntervalSecs = value
    }
    if let value = try integer(table, "max_in_flight", key("max_in_flight"), minimum: 1) {
      settings.maxInFlight = value
    }
    if let value = try integer(table, "lease_secs", key("lease_secs"), minimum: 1) {
      guard value <= 7 * 86_400 else { throw error(key("lease_secs"), "must be at most 604800 (7 days)") }
      settings.leaseSecs = value
    }
    if let value = try number(table, "heartbeat_secs", key("heartbeat_secs")) {
      guard value > 0 else { throw error(key("heartbeat_secs"), "must be above 0") }
      settings.heartbeatSecs = value
    }
    if let value = try number(table, "shutdown_grace_secs", key("shutdown_grace_secs")) {
      settings.shutdownGraceSecs = value
    }
    if let value = try number(table, "kill_grace_secs", key("kill_grace_secs")) {
      settings.killGraceSecs = value
    }
    if let value = try number(table, "exit_grace_secs", key("exit_grace_secs")) {
      guard value >= 0 else { throw error(key("exit_grace_secs"), "must be 0 or more") }
      settings.exitGraceSecs = value
    }
    if let value = try string(table, "workspace", key("workspace")) {
      guard let workspace = DispatchConfig.Workspace(rawValue: value) else {
        throw error(key("workspace"), "must be \"repo\" or \"worktree\", not \"\(value)\"")
      }
      settings.workspace = workspace
    }
    settings.worktreeRoot = try string(table, "worktree_root", key("worktree_root"))
    if let value = try number(table, "retry_base_secs", key("retry_base_secs")) {
      settings.retryBaseSecs = value
    }
    if let value = try number(table, "retry_cap_secs", key("retry_cap_secs")) {
      settings.retryCapSecs = value
    }
    guard settings.heartbeatSecs < Double(settings.leaseSecs) else {
      throw error(key("heartbeat_secs"), "must be shorter than lease_secs (\(settings.leaseSecs))")
    }
    return settings
  }

  func agent(_ table: TOMLTable, index: Int) throws -> DispatchConfig.Agent {
    let prefix = "agents[\(index)]"
    let known: Set<String> = [
      "id", "type", "command", "args", "max_concurrent", "filter", "env", "timeout_secs", "stall_secs",
      "max_attempts", "prompt",
    ]
    try refuseUnknown(table, known: known, prefix: prefix)
    func key(_ name: String) -> String { prefix + "." + name }
    guard let id = try string(table, "id", key("id")) else { throw error(key("id"), "is required") }
    guard !id.isEmpty, id.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }),
      id.allSatisfy(\.isASCII)
    else {
      throw error(key("id"), "\"\(id)\" must be letters, digits, '-', '_' or '.'")
    }
    guard let command = try string(table, "command", key("command")) else {
      throw error(key("command"), "is required (the program to run for agent \(id))")
    }
    guard !command.isEmpty else { throw error(key("command"), "must not be empty") }
    var agent = DispatchConfig.Agent(id: id, command: command)
    agent.type = try string(table, "type", key("type"))
    agent.args = try strings(table, "args", key("args")) ?? []
    agent.maxConcurrent = try integer(table, "max_concurrent", key("max_concurrent"), minimum: 1) ?? 1
    agent.filter = try string(table, "filter", key("filter"))
    if let filter = agent.filter {
      do { _ = try IssueFilter(parsing: filter) } catch { throw self.error(key("filter"), "\(error)") }
    }
    if let value = table["env"] {
      guard let env = value.table else { throw error(key("env"), "must be a table of strings") }
      for name in env.keys.sorted() {
        guard let text = env[name]?.string else { throw error(key("env") + "." + name, "must be a string") }
        agent.env[name] = text
      }
    }
    agent.timeoutSecs = try number(table, "timeout_secs", key("timeout_secs")) ?? agent.timeoutSecs
    agent.stallSecs = try number(table, "stall_secs", key("stall_secs")) ?? agent.stallSecs
    agent.maxAttempts =
      try integer(table, "max_attempts", key("max_attempts"), minimum: 1) ?? agent.maxAttempts
    agent.prompt = try string(table, "prompt", key("prompt"))
    return agent
  }
}

import JitDispatch
import Testing

@Suite struct ConfigTests {
  /// The seed design's example, exactly as written there.
  static let designExample = """
    [dispatch]
    poll_interval_secs = 10

    [[agents]]
    id = "copilot-1"
    type = "copilot"
    command = "github-copilot-cli"
    args = ["work-on"]
    max_concurrent = 2

    [[agents]]
    id = "ci-runner"
    type = "ci"
    command = "./scripts/ci-agent.sh"
    max_concurrent = 5
    """

  @Test func theDesignsExampleLoadsAsWritten() throws {
    let config = try DispatchConfig.parse(Self.designExample)
    #expect(config.dispatch.pollIntervalSecs == 10)
    #expect(config.agents.map(\.id) == ["copilot-1", "ci-runner"])
    #expect(config.agents[0].type == "copilot")
    #expect(config.agents[0].command == "github-copilot-cli")
    #expect(config.agents[0].args == ["work-on"])
    #expect(config.agents[0].maxConcurrent == 2)
    #expect(config.agents[1].command == "./scripts/ci-agent.sh")
    #expect(config.agents[1].args == [])
    #expect(config.agents[1].maxConcurrent == 5)
    // The documented defaults (docs/dispatch.md).
    #expect(config.dispatch.maxInFlight == 8)
    #expect(config.dispatch.leaseSecs == 600)
    #expect(config.dispatch.heartbeatSecs == 30)
    #expect(config.dispatch.shutdownGraceSecs == 30)
    #expect(config.dispatch.workspace == .repo)
    #expect(config.dispatch.retryBaseSecs == 30)
    #expect(config.dispatch.retryCapSecs == 900)
    #expect(config.agents[1].timeoutSecs == 3600)
    #expect(config.agents[1].stallSecs == 600)
    #expect(config.agents[1].maxAttempts == 3)
    #expect(config.agents[1].env.isEmpty)
  }

  @Test func everyAddedKeyIsRead() throws {
    let config = try DispatchConfig.parse(
      """
      [dispatch]
      max_in_flight = 3
      lease_secs = 60
      heartbeat_secs = 5
      shutdown_grace_secs = 2
      workspace = "worktree"
      retry_base_secs = 0.5
      retry_cap_secs = 4

      [[agents]]
      id = "a"
      command = "sh"
      args = ["-c", "echo {issue_id}"]
      filter = "priority:high|critical"
      env = { TOKEN = "x" }
      timeout_secs = 7
      stall_secs = 3
      max_attempts = 2
      """)
    #expect(config.dispatch.maxInFlight == 3)
    #expect(config.dispatch.leaseSecs == 60)
    #expect(config.dispatch.heartbeatSecs == 5)
    #expect(config.dispatch.shutdownGraceSecs == 2)
    #expect(config.dispatch.workspace == .worktree)
    #expect(config.dispatch.retryBaseSecs == 0.5)
    #expect(config.dispatch.retryCapSecs == 4)
    let agent = try #require(config.agents.first)
    #expect(agent.filter == "priority:high|critical")
    #expect(agent.env == ["TOKEN": "x"])
    #expect(agent.timeoutSecs == 7)
    #expect(agent.stallSecs == 3)
    #expect(agent.maxAttempts == 2)
  }

  /// Each bad config is an INVALID_CONFIG naming the key and its line.
  @Test(
    arguments: [
      (
        "[dispatch]\npoll_interval_secs = 10\nbogus = 1\n[[agents]]\nid = \"a\"\ncommand = \"x\"\n",
        "dispatch.bogus", 3
      ),
      ("[[agents]]\nid = \"a\"\ncommand = \"x\"\nmax_concurent = 2\n", "agents[0].max_concurent", 4),
      ("[[agents]]\nid = \"a\"\ncommand = \"x\"\nmax_concurrent = \"two\"\n", "agents[0].max_concurrent", 4),
      (
        "[[agents]]\nid = \"a\"\ncommand = \"x\"\n\n[[agents]]\nid = \"b\"\nargs = [\"y\"]\n",
        "agents[1].command", 5
      ),
      ("[[agents]]\nid = \"a\"\ncommand = \"x\"\nargs = \"work-on\"\n", "agents[0].args", 4),
      ("[dispatch]\nworkspace = \"tmp\"\n[[agents]]\nid = \"a\"\ncommand = \"x\"\n", "dispatch.workspace", 2),
      (
        "[dispatch]\nmax_in_flight = 0\n[[agents]]\nid = \"a\"\ncommand = \"x\"\n", "dispatch.max_in_flight",
        2
      ),
      (
        "[[agents]]\nid = \"a\"\ncommand = \"x\"\n[[agents]]\nid = \"a\"\ncommand = \"y\"\n", "agents[1].id",
        5
      ),
      ("[dispatch]\npoll_interval_secs = 10\n", "agents", nil),
      ("[[agents]]\nid = \"a\"\ncommand = \"x\"\nfilter = \"priority:urgent\"\n", "agents[0].filter", 4),
      ("unknown_table = 1\n[[agents]]\nid = \"a\"\ncommand = \"x\"\n", "unknown_table", 1),
    ] as [(String, String, Int?)])
  func badConfigsNameTheKey(text: String, key: String, line: Int?) {
    do {
      _ = try DispatchConfig.parse(text, path: "d.toml")
      Issue.record("parsed a bad config: \(text)")
    } catch let error as DispatchError {
      #expect(error.code == .invalidConfig)
      #expect(error.code.exitCode == 2)
      #expect(error.key == key)
      #expect(error.line == line)
      #expect(error.message.contains(key))
      if let line { #expect(error.message.hasPrefix("d.toml:\(line):")) }
    } catch {
      Issue.record("unexpected error \(error)")
    }
  }

  @Test func notTOMLGivesTheLine() {
    #expect {
      _ = try DispatchConfig.parse("[[agents]]\nid = \"a\"\ncommand = \n", path: "d.toml")
    } throws: { error in
      guard let error = error as? DispatchError else { return false }
      return error.code == .invalidConfig && error.line == 3 && error.message.hasPrefix("d.toml:3:")
    }
  }
}

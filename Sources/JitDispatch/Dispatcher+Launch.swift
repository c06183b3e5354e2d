import JitCore
import JitSystem

/// What an agent is started with: its argv, directory, environment, standard input and log.
extension Dispatcher {
  func makeLaunch(
    agent: DispatchConfig.Agent, issue: Issue, run: RunFolder.RunRecord, previous: RunFolder.AttemptRecord?
  ) -> AgentProcess.Launch {
    var env: [String: String] = [:]
    for name in Self.inherited { if let value = environment[name] { env[name] = value } }
    if let jitPath {
      let absolute = jitPath.hasPrefix("/") ? jitPath : app.configuration.absolute(jitPath)
      env["JIT_PATH"] = absolute
      if let slash = absolute.lastIndex(of: "/") {
        env["PATH"] = String(absolute[..<slash]) + ":" + (env["PATH"] ?? "/usr/bin:/bin")
      }
    }
    for (name, value) in agent.env { env[name] = value }
    env["JIT_ISSUE_ID"] = issue.id.rawValue
    env["JIT_ISSUE_FILE"] = app.layout.issueFile(issue.id)
    if app.store is any SequencedEventLog, let bytes = try? JSONCoding.encodeFile(issue) {
      // A database store has no issue files: the agent reads a copy made at its start.
      let copy = folder.issueCopy(run.runID)
      if (try? FileSystem.writeAtomically(bytes, to: copy)) != nil { env["JIT_ISSUE_FILE"] = copy }
    }
    env["JIT_ACTOR"] = agent.actor
    env["JIT_CLAIM"] = "\(issue.id.rawValue):\(issue.claimGeneration)"
    env["JIT_DIR"] = app.layout.jitDirectory
    env["JIT_RUN_ID"] = run.runID
    env["JIT_ATTEMPT"] = String(run.attempt)
    env["JIT_WORKDIR"] = run.workdir
    env["JIT_RUN_LOG"] = run.log
    if let previous {
      env["JIT_LAST_FAILURE"] = previous.lastReason
      env["JIT_LAST_LOG"] = previous.lastLog
    }
    let substitute = { (text: String) in Placeholders.substitute(text, issue: issue, attempt: run.attempt) }
    var input: String?
    if let prompt = agent.prompt {
      let path = folder.promptFile(run.runID)
      var text = substitute(prompt)
      if let previous {
        text += "\n\nThe previous attempt failed: \(previous.lastReason) (log: \(previous.lastLog))\n"
      }
      if (try? FileSystem.writeAtomically(Array(text.utf8), to: path)) != nil { input = path }
    }
    return AgentProcess.Launch(
      executable: substitute(agent.command), arguments: agent.args.map(substitute), directory: run.workdir,
      environment: env, inputFile: input, logFile: run.log)
  }
}

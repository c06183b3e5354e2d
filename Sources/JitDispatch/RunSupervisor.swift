import Foundation
import JitApp
import JitCore
import JitSystem

/// How one run ended, as the tracker decided it.
public struct RunOutcome: Sendable, Hashable {
  public enum Kind: String, Sendable, Hashable {
    /// The issue is done.
    case completed
    /// Completed, waiting on gates only people (or CI) can pass.
    case gated
    /// A counted failure, to be retried after backoff.
    case failed
    /// A counted failure past `max_attempts`: released with a hold.
    case gaveUp = "gave_up"
    /// Its issue was taken, reassigned, archived or finished elsewhere; nothing more is done.
    case superseded
    /// Stopped by shutdown; its work released, not counted.
    case canceled
  }
  public var issue: String
  public var runID: String
  public var kind: Kind
  /// Why: `exit 3`, `signal 9`, `timeout`, `stall`, `gate failed: tests`, ...
  public var reason: String
}

/// Watches one agent process: heartbeats its lease, notices exit, timeout, stall, a lost claim or
/// shutdown, stops its process group when needed, and decides the outcome from the tracker.
struct RunSupervisor: Sendable {
  let dispatcher: Dispatcher
  let app: JitApplication
  let agent: DispatchConfig.Agent
  let record: RunFolder.RunRecord
  let process: AgentProcess
  let settings: DispatchConfig.Settings
  let previousAttempts: Int

  let issueID: IssueID
  /// How often the process is checked for its end, its output and the clock.
  let pollMilliseconds = 5
  var claim: String { "\(record.issue):\(record.generation)" }

  enum Stop: Equatable {
    case exited(AgentProcess.Termination)
    case timeout
    case stall(idle: Double)
    case lost(String)
    case shutdown
    /// The issue was finished (done or gated) under this run's claim and the process did not exit
    /// within `exit_grace_secs`.
    case finishedRunning
  }

  enum IssueCheck {
    case working, finished
    case lost(String)
  }

  /// The issue as it is now: still this run's work in progress, finished under its claim (by the
  /// agent, or a person's override), or no longer this run's (claimed again, released, archived).
  func issueCheck() async -> IssueCheck {
    guard let issue = try? await app.run({ [issueID] in try $0.tracker.issue(IssueReference(issueID)) })
    else { return .working }  // unreadable for a moment: the heartbeat decides
    guard issue.claimGeneration == record.generation else {
      return .lost("claimed again (generation \(issue.claimGeneration))")
    }
    switch issue.state {
    case .inProgress: return issue.assignee?.description == agent.actor ? .working : .lost("released")
    case .done, .gated:
      // By this run's agent: it gets its exit grace. By anyone else: finished elsewhere, stopped now.
      let search = EventSearch(kinds: ["issue.completed"], issues: [issueID.rawValue], limit: 1)
      let last = try? await app.run { try $0.events(search).events.last }
      guard let by = last?.actor, by.description != agent.actor else { return .finished }
      return .lost("finished elsewhere (by \(by.description))")
    case .archived: return .lost("archived")
    default: return .lost("no longer in progress (\(issue.state.rawValue))")
    }
  }

  /// A database store's issue, stamped by its stored bytes (empty when it cannot be read).
  func issueStamp() -> [Int64] {
    guard let issue = try? app.store.read({ try $0.find(issueID) }),
      let bytes = try? JSONCoding.encodeFile(issue)
    else { return [] }
    var hasher = Hasher()
    hasher.combine(bytes)
    return [Int64(hasher.finalize())]
  }

  func run() async -> RunOutcome {
    let started = ContinuousClock.now
    var lastProgress = ContinuousClock.now
    var lastSize = fileSize(record.log)
    var lastHeartbeat = ContinuousClock.now
    let readIssue: (() -> [Int64])? = app.store is any SequencedEventLog ? { self.issueStamp() } : nil
    var progress = RunProgress(
      issueFile: app.layout.issueFile(issueID), tree: settings.workspace == .worktree ? record.workdir : nil,
      stallSecs: agent.stallSecs, readIssue: readIssue)
    // When the issue was seen finished (done or gated) under this run's claim, with the process alive.
    var finishedAt: ContinuousClock.Instant?
    var stop: Stop?
    while stop == nil {
      if let ended = process.poll() {
        stop = .exited(ended)
        break
      }
      let now = ContinuousClock.now
      let size = fileSize(record.log)
      if size != lastSize {
        lastSize = size
        lastProgress = now
      }
      // A change to the issue is progress; it may also be its completion, or its loss.
      if progress.issueChanged() {
        lastProgress = now
        switch await issueCheck() {
        case .finished: if finishedAt == nil { finishedAt = now }
        case .lost(let reason): stop = .lost(reason)
        case .working: break
        }
        if stop != nil { break }
      }
      if let finishedAt {
        // Completed but still running (an agent that never exits): a short grace, then stopped.
        if seconds(now - finishedAt) >= settings.exitGraceSecs {
          stop = .finishedRunning
          break
        }
      } else {
        if agent.timeoutSecs > 0 && seconds(now - started) >= agent.timeoutSecs {
          stop = .timeout
          break
        }
        if agent.stallSecs > 0, await progress.treeChanged(at: now) {
          lastProgress = now  // silent, but committing or editing in its worktree
        }
        if agent.stallSecs > 0 && seconds(now - lastProgress) >= agent.stallSecs {
          stop = .stall(idle: seconds(now - lastProgress))
          break
        }
      }
      if Task.isCancelled {
        // Graceful shutdown: the dispatcher waited its grace, then cancelled this task.
        stop = .shutdown
        break
      }
      if finishedAt == nil && seconds(now - lastHeartbeat) >= settings.heartbeatSecs {
        lastHeartbeat = now
        if let reason = await heartbeat() {
          stop = .lost(reason)
          break
        }
      }
      // Short, so that a run's end is seen (and its dependents started) within a few milliseconds.
      try? await Task.sleep(for: .milliseconds(pollMilliseconds))
    }
    var termination: AgentProcess.Termination?
    if case .exited(let ended)? = stop {
      termination = ended
      // Anything the agent left running in its group goes with it.
      if process.groupAlive { _ = await process.stop(grace: min(settings.killGraceSecs, 2), reaped: true) }
    } else {
      if case .stall(let idle)? = stop {
        dispatcher.record(
          "dispatch.stalled", issueID,
          ["run_id": .string(record.runID), "agent": .string(agent.id), "idle_s": .int(Int64(idle))])
      }
      termination = await process.stop(grace: settings.killGraceSecs)
    }
    let duration = seconds(ContinuousClock.now - started)
    let outcome = await decide(stop ?? .shutdown, termination: termination)
    var fields: [String: JSONValue] = [
      "run_id": .string(record.runID), "agent": .string(agent.id), "attempt": .int(Int64(record.attempt)),
      "duration_s": .double((duration * 1000).rounded() / 1000), "outcome": .string(outcome.kind.rawValue),
      "reason": .string(outcome.reason), "log": .string(record.log),
    ]
    switch termination {
    case .exited(let code)?: fields["exit_code"] = .int(Int64(code))
    case .signaled(let signal)?: fields["signal"] = .int(Int64(signal))
    case nil: break
    }
    let settled: IssueState? =
      switch outcome.kind {
      case .completed: .done
      case .gated: .gated
      default: nil
      }
    if let settled {
      // Finished work: its slot and its dependents go to the next cycle first, the event after.
      await dispatcher.finished(issueID, runID: record.runID, state: settled)
      await dispatcher.post("dispatch.run_exited", issueID, fields)
    } else {
      // A retry of the same issue must not be started before this run's end is in the log.
      await dispatcher.post("dispatch.run_exited", issueID, fields)
      await dispatcher.finished(issueID, runID: record.runID)
    }
    return outcome
  }

  /// Renews the lease and checks the issue is still this run's; the reason it is not, else nil.
  func heartbeat() async -> String? {
    do {
      _ = try await app.run { [claim, agent, issueID] in
        try $0.heartbeat(issueID.rawValue, by: agent.actor, claim: claim)
      }
      return nil
    } catch let error as JitError {
      switch error.code {
      case .staleClaim, .notHolder, .invalidTransition, .issueNotFound: return "claim lost: \(error.message)"
      default: return nil  // a lock timeout or the like: try again at the next heartbeat
      }
    } catch {
      return nil
    }
  }

  func decide(_ stop: Stop, termination: AgentProcess.Termination?) async -> RunOutcome {
    if case .exited(.exited(0)) = stop, let done = await completeAtOnce() { return done }
    let current = try? await app.run { [issueID] in try $0.tracker.issue(IssueReference(issueID)) }
    func outcome(_ kind: RunOutcome.Kind, _ reason: String) -> RunOutcome {
      RunOutcome(issue: record.issue, runID: record.runID, kind: kind, reason: reason)
    }
    guard let issue = current else { return outcome(.superseded, "issue gone") }
    let ours = issue.claimGeneration == record.generation
    if case .lost(let reason) = stop {
      dispatcher.record(
        "dispatch.claim_lost", issueID, ["run_id": .string(record.runID), "reason": .string(reason)])
      return outcome(.superseded, reason)
    }
    guard ours else {
      dispatcher.record(
        "dispatch.claim_lost", issueID,
        ["run_id": .string(record.runID), "reason": .string("claimed again since")])
      return outcome(.superseded, "claimed again since (generation \(issue.claimGeneration))")
    }
    if stop == .shutdown {
      if issue.state == .inProgress {
        _ = try? await app.run { [claim, agent, issueID] in
          try $0.release(issueID.rawValue, by: agent.actor, claim: claim)
        }
      }
      return outcome(.canceled, "dispatcher shutting down")
    }
    if issue.state == .archived { return outcome(.superseded, "archived") }
    let failure: String?
    var reached: IssueState?
    // The issue says whether the work was done, whatever the exit: an agent that completed it and
    // then failed, hung or was stopped still did the work.
    let finished = issue.state == .done || issue.state == .gated
    switch stop {
    case .exited(.exited(0)), .finishedRunning:
      (failure, reached) = await completeAndCheck(issue)
    case _ where finished:
      (failure, reached) = await completeAndCheck(issue)
    case .exited(.exited(let code)): failure = "exit \(code)"
    case .exited(.signaled(let signal)): failure = "signal \(signal)"
    case .timeout: failure = "timeout after \(Int(agent.timeoutSecs))s"
    case .stall(let idle): failure = "stall: no output or progress for \(Int(idle))s"
    default: failure = "stopped"
    }
    guard let failure else {
      // Done by the completion itself needs no second read; after gate checks, the issue says.
      var final = reached
      if final != .done {
        final = (try? await app.run { [issueID] in try $0.tracker.issue(IssueReference(issueID)) })?.state
      }
      await dispatcher.cleared(issueID)
      var reason = final == .done ? "done" : "waiting on gates"
      if stop == .finishedRunning {
        reason += "; the agent did not exit within \(settings.exitGraceSecs)s of finishing and was stopped"
      }
      return outcome(final == .done ? .completed : .gated, reason)
    }
    return await fail(failure)
  }

  /// The common clean exit, in one write: the agent left its issue in progress and completing it
  /// (fenced by the run's claim) makes it done. Nil otherwise (the agent completed it itself, it
  /// has gates, the claim was lost): the full decision follows, from a fresh read.
  func completeAtOnce() async -> RunOutcome? {
    let completion = try? await app.run { [claim, agent, issueID] in
      try $0.complete(issueID.rawValue, by: agent.actor, claim: claim)
    }
    guard completion?.issue.state == .done else { return nil }
    await dispatcher.cleared(issueID)
    return RunOutcome(issue: record.issue, runID: record.runID, kind: .completed, reason: "done")
  }

  /// After a clean exit: completes the issue if the agent did not, then runs its automated gates in
  /// the run's directory. Returns the failure, or nil when the issue is done or waits on people,
  /// with the state the completion left it in.
  func completeAndCheck(_ issue: Issue) async -> (String?, IssueState) {
    var state = issue.state
    if state == .inProgress {
      do {
        let completion = try await app.run { [claim, agent, issueID] in
          try $0.complete(issueID.rawValue, by: agent.actor, claim: claim)
        }
        state = completion.issue.state
      } catch {
        return ("exit 0 but cannot complete: \(error)", state)
      }
    }
    guard state == .gated else {
      return (state == .done ? nil : "exit 0 but the issue is \(state.rawValue)", state)
    }
    do {
      let outcome = try await app.run { [agent, issueID, record] in
        try $0.check(issueID.rawValue, by: agent.actor, workdir: record.workdir)
      }
      if outcome.report.results.isEmpty { return (nil, state) }  // only manual gates: waits for people
      switch outcome.report.overall {
      case .passed: return (nil, state)
      case .failed, .error:
        let failed = outcome.report.results.filter { $0.result != .passed }.map { $0.gate }
        return ("gate failed: " + failed.joined(separator: ", "), state)
      }
    } catch {
      return ("gate check failed: \(error)", state)
    }
  }

  /// A counted failure: release (with a hold once attempts are spent) and schedule the retry.
  func fail(_ reason: String) async -> RunOutcome {
    let attempts = previousAttempts + 1
    let giveUp = attempts >= agent.maxAttempts
    let delay = SchedulingPolicy.backoff(
      attempt: attempts, baseSecs: settings.retryBaseSecs, capSecs: settings.retryCapSecs)
    let now = app.tracker.clock()
    let retryAt = now.adding(milliseconds: Int64(delay * 1000))
    let attemptRecord = RunFolder.AttemptRecord(
      issue: record.issue, attempts: attempts, lastReason: reason, lastLog: record.log,
      retryAt: giveUp ? nil : retryAt, held: giveUp)
    try? dispatcher.folder.save(attemptRecord)
    let hold = giveUp ? "dispatch: \(attempts) attempts failed (last: \(reason))" : nil
    let released = await releaseWork(hold: hold)
    if giveUp {
      dispatcher.record(
        "dispatch.gave_up", issueID,
        [
          "run_id": .string(record.runID), "agent": .string(agent.id), "attempts": .int(Int64(attempts)),
          "reason": .string(reason), "log": .string(record.log), "released": .bool(released),
        ])
      return RunOutcome(issue: record.issue, runID: record.runID, kind: .gaveUp, reason: reason)
    }
    dispatcher.record(
      "dispatch.retry_scheduled", issueID,
      [
        "run_id": .string(record.runID), "agent": .string(agent.id), "attempt": .int(Int64(attempts)),
        "reason": .string(reason), "retry_at": .string(retryAt.description), "log": .string(record.log),
      ])
    return RunOutcome(issue: record.issue, runID: record.runID, kind: .failed, reason: reason)
  }

  /// Gives the work back under this run's claim; a `gated` issue (gate failed after completion)
  /// is first sent back for rework by the failed gate, so it is in progress and releasable.
  func releaseWork(hold: String?) async -> Bool {
    do {
      _ = try await app.run { [claim, agent, issueID] in
        try $0.release(issueID.rawValue, hold: hold, by: agent.actor, claim: claim)
      }
      return true
    } catch {
      // Released without the fence only if the issue is still assigned to this agent (a gate
      // failure's rework keeps the assignee but the lease is gone after complete).
      let issue = try? await app.run { [issueID] in try $0.tracker.issue(IssueReference(issueID)) }
      guard let issue, issue.assignee?.description == agent.actor, issue.claimGeneration == record.generation
      else {
        return false
      }
      return
        (try? await app.run { [agent, issueID] in
          try $0.release(issueID.rawValue, hold: hold, by: agent.actor)
        }) != nil
    }
  }

  func fileSize(_ path: String) -> Int64 {
    var info = stat()
    return stat(path, &info) == 0 ? Int64(info.st_size) : -1
  }

  func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
  }
}

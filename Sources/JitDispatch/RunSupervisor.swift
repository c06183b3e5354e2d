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
  var claim: String { "\(record.issue):\(record.generation)" }

  enum Stop: Equatable {
    case exited(AgentProcess.Termination)
    case timeout
    case stall(idle: Double)
    case lost(String)
    case shutdown
  }

  func run() async -> RunOutcome {
    let started = ContinuousClock.now
    var lastOutput = ContinuousClock.now
    var lastSize = fileSize(record.log)
    var lastHeartbeat = ContinuousClock.now
    var lastUpdated: Timestamp?
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
        lastOutput = now
      }
      if agent.timeoutSecs > 0 && seconds(now - started) >= agent.timeoutSecs {
        stop = .timeout
        break
      }
      if agent.stallSecs > 0 && seconds(now - lastOutput) >= agent.stallSecs {
        stop = .stall(idle: seconds(now - lastOutput))
        break
      }
      if Task.isCancelled {
        // Graceful shutdown: the dispatcher waited its grace, then cancelled this task.
        stop = .shutdown
        break
      }
      if seconds(now - lastHeartbeat) >= settings.heartbeatSecs {
        lastHeartbeat = now
        switch await heartbeat() {
        case .some(let reason): stop = .lost(reason)
        case .none: break
        }
        // Progress on the issue (an agent's own update) counts as output for stall purposes.
        if let updated = try? await app.run({ [issueID] in
          try $0.tracker.issue(IssueReference(issueID)).updatedAt
        }) {
          if let lastUpdated, updated != lastUpdated { lastOutput = now }
          lastUpdated = updated
        }
        if stop != nil { break }
      }
      try? await Task.sleep(for: .milliseconds(50))
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
    dispatcher.record("dispatch.run_exited", issueID, fields)
    await dispatcher.finished(issueID, runID: record.runID)
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
    switch stop {
    case .exited(.exited(0)):
      failure = await completeAndCheck(issue)
    case .exited(.exited(let code)): failure = "exit \(code)"
    case .exited(.signaled(let signal)): failure = "signal \(signal)"
    case .timeout: failure = "timeout after \(Int(agent.timeoutSecs))s"
    case .stall(let idle): failure = "stall: no output for \(Int(idle))s"
    default: failure = "stopped"
    }
    guard let failure else {
      let final = try? await app.run { [issueID] in try $0.tracker.issue(IssueReference(issueID)) }
      await dispatcher.cleared(issueID)
      return outcome(
        final?.state == .done ? .completed : .gated, final?.state == .done ? "done" : "waiting on gates")
    }
    return await fail(failure)
  }

  /// After a clean exit: completes the issue if the agent did not, then runs its automated gates in
  /// the run's directory. Returns the failure, or nil when the issue is done or waits on people.
  func completeAndCheck(_ issue: Issue) async -> String? {
    var state = issue.state
    if state == .inProgress {
      do {
        let completion = try await app.run { [claim, agent, issueID] in
          try $0.complete(issueID.rawValue, by: agent.actor, claim: claim)
        }
        state = completion.issue.state
      } catch {
        return "exit 0 but cannot complete: \(error)"
      }
    }
    guard state == .gated else { return state == .done ? nil : "exit 0 but the issue is \(state.rawValue)" }
    do {
      let outcome = try await app.run { [agent, issueID, record] in
        try $0.check(issueID.rawValue, by: agent.actor, workdir: record.workdir)
      }
      if outcome.report.results.isEmpty { return nil }  // only manual gates: waits for people
      switch outcome.report.overall {
      case .passed: return nil
      case .failed, .error:
        let failed = outcome.report.results.filter { $0.result != .passed }.map { $0.gate }
        return "gate failed: " + failed.joined(separator: ", ")
      }
    } catch {
      return "gate check failed: \(error)"
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

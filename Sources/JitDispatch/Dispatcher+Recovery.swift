import JitCore
import JitSystem

/// Recovery after a crash: the runs of a dispatcher that is gone (killed, crashed) are found in the
/// run folder, their agents stopped, and their work settled.
extension Dispatcher {
  /// The work of runs whose dispatcher is gone (killed, crashed): their agents' process groups are
  /// killed and their claims released at once, without waiting for the leases to run out. Not a
  /// counted attempt: the agent did not fail.
  func recoverDeadRuns() async -> [String] {
    var recovered: [String] = []
    let ownStart = AgentProcess.startTime(getpid())
    for run in folder.runs() {
      // This process's own runs, or a live dispatcher's; a pid now used by another process (its
      // start time differs) is a dead dispatcher's.
      let own =
        run.dispatcherPID == getpid() && (run.dispatcherStart == nil || run.dispatcherStart == ownStart)
      if own
        || (run.dispatcherPID != getpid()
          && AgentProcess.alive(run.dispatcherPID, startedAt: run.dispatcherStart))
      {
        continue
      }
      if let pid = run.pid, pid > 0 {
        // A live leader must be the agent that was started (not a reused pid); a dead leader's
        // group id cannot be reused while anything of its group lives.
        let reused = AgentProcess.alive(pid) && !AgentProcess.alive(pid, startedAt: run.agentStart)
        let orphan = AgentProcess(pid: pid)
        if !reused && orphan.groupAlive { _ = await orphan.stop(grace: config.dispatch.killGraceSecs) }
      }
      let released = await settle(run)
      folder.remove(run: run.runID)
      if let id = IssueID(run.issue) {
        record(
          "dispatch.recovered", id,
          [
            "run_id": .string(run.runID), "agent": .string(run.agent),
            "dispatcher_pid": .int(Int64(run.dispatcherPID)),
            "released": .bool(released),
          ])
      }
      recovered.append(run.issue)
    }
    return recovered
  }

  /// Finishes what a dead dispatcher owed one run: an issue its agent completed to `gated` gets its
  /// checkers run (in the run's directory); one still in progress under the run's claim is released.
  /// Returns whether it was released.
  func settle(_ run: RunFolder.RunRecord) async -> Bool {
    let claim = "\(run.issue):\(run.generation)"
    let actor = "agent:" + run.agent
    func current() async -> Issue? { try? await app.run { try $0.tracker.issue(IssueReference(run.issue)) } }
    guard let issue = await current(), issue.claimGeneration == run.generation,
      issue.assignee?.description == actor
    else { return false }
    if issue.state == .gated {
      _ = try? await app.run { try $0.check(run.issue, by: actor, workdir: run.workdir) }
    }
    guard await current()?.state == .inProgress else { return false }
    return (try? await app.run { try $0.release(run.issue, by: actor, claim: claim) }) != nil
  }
}

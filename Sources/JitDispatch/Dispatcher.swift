import Foundation
import JitApp
import JitCore
import JitSystem
import Logging

/// Runs agents on ready work: one actor owns every run and all scheduling state; each run is
/// supervised by a task of its own. Everything needed to resume lives in the tracker and the run
/// folder (`.jit/run/dispatch/`), so a restart after a crash finds its dead runs and returns their work.
public actor Dispatcher {
  public let config: DispatchConfig
  public let app: JitApplication
  public let folder: RunFolder
  let logger: Logger
  let environment: [String: String]
  let jitPath: String?
  /// Who records the dispatcher's own events and reclaims (`dispatch:<host>`).
  public let actorName: String
  let ids = ULIDGenerator()

  /// Delivers events to the configured webhooks (beside dispatch, never in its way).
  public nonisolated var webhooks: WebhookDeliverer {
    WebhookDeliverer(
      hooks: config.webhooks, layout: app.layout, log: app.store as? any SequencedEventLog,
      environment: environment, logger: logger,
      record: { [self] kind, fields in self.record(kind, nil, fields) })
  }

  /// The runs in flight, by issue; each takes a slot of its agent.
  var active: [IssueID: ActiveRun] = [:]
  /// Set when shutdown begins: no new work, and runs stopped now count as canceled.
  var stopping = false
  /// When recovery and reclaims last ran (and the graph was last marked for a fresh read).
  var lastUpkeep: ContinuousClock.Instant?
  /// The dependency graph the work is ordered by, kept between cycles.
  var graph = DispatchGraph()
  /// Every run's task since the last `drain`, so that none of their outcomes is missed.
  var tasks: [Task<RunOutcome, Never>] = []
  /// Woken when a run ends, so a waiting cycle can go on at once (dependents became ready).
  var waiters: [CheckedContinuation<Void, Never>] = []
  /// A run ended while nobody waited (during a cycle): the next wait returns at once, so that end
  /// is not missed until the poll interval.
  var missedWake = false

  struct ActiveRun {
    var record: RunFolder.RunRecord
    var task: Task<RunOutcome, Never>
  }

  /// The variables an agent inherits from the dispatcher's environment; nothing else is. Beside
  /// the usual few: how the agent's own `jit` reaches a PostgreSQL store (`JIT_DATABASE_URL`,
  /// libpq's connection variables, and `JIT_PG`, the companion it hands such a repository to).
  public static let inherited = [
    "PATH", "HOME", "USER", "LOGNAME", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR", "TERM",
    "JIT_DATABASE_URL", "JIT_PG", "PGHOST", "PGHOSTADDR", "PGPORT", "PGDATABASE", "PGUSER", "PGPASSWORD",
    "PGPASSFILE", "PGSERVICE", "PGSERVICEFILE", "PGSSLMODE", "PGSSLROOTCERT", "PGCONNECT_TIMEOUT",
  ]

  public init(
    config: DispatchConfig, app: JitApplication, environment: [String: String], jitPath: String? = nil,
    logger: Logger = Logger(label: "jit-dispatch")
  ) {
    self.config = config
    self.app = app
    self.folder = RunFolder(layout: app.layout)
    self.environment = environment
    self.jitPath = jitPath
    self.logger = logger
    var host = [CChar](repeating: 0, count: 256)
    gethostname(&host, 255)
    let name = String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self).filter {
      $0.isLetter || $0.isNumber || $0 == "-" || $0 == "."
    }
    self.actorName = "dispatch:" + (name.isEmpty ? "local" : name)
  }

  /// How many runs are in flight.
  public var inFlight: Int { active.count }

  /// What one cycle did.
  public struct CycleReport: Sendable {
    public var reclaimed: [String] = []
    public var recovered: [String] = []
    public var started: [(issue: String, agent: String)] = []
    public var claimsLost: [String] = []
    /// Ready work was read, and there was none this dispatcher could take: the one sign that
    /// `--until-idle` may stop (a failed read or a lost claim says nothing of what is left).
    public var sawNoWork = false
    /// Why ready work could not be read, when it could not.
    public var readError: String?
  }

  /// One cycle: takes back expired leases and the work of this repository's dead dispatchers, then
  /// claims ready work in policy order and starts an agent on each, never past any capacity.
  @discardableResult
  public func cycle() async -> CycleReport {
    var report = CycleReport()
    // Recovery and reclaims at most once per poll interval: a cycle woken by a run's end (so that
    // its dependents start at once) need not take the write lock for them again.
    let now = ContinuousClock.now
    if lastUpkeep.map({ now - $0 >= .milliseconds(Int64(config.dispatch.pollIntervalSecs * 1000)) }) ?? true {
      lastUpkeep = now
      graph.stale = true
      do { try folder.prepare() } catch { logger.error("cannot prepare \(folder.directory): \(error)") }
      report.recovered = await recoverDeadRuns()
      do {
        let reclaims = try await app.run { [actorName] in try $0.reclaimExpired(by: actorName) }
        report.reclaimed = reclaims.map { $0.issue.id.rawValue }
      } catch {
        logger.warning("reclaim failed: \(error)")
      }
    }
    guard !stopping else { return report }
    // Every slot taken: nothing could start, so ready work is not read (a run's end wakes a cycle).
    let taken = Dictionary(grouping: active.values, by: \.record.agent).mapValues(\.count)
    guard active.count < config.dispatch.maxInFlight,
      config.agents.contains(where: { $0.maxConcurrent > taken[$0.id, default: 0] })
    else { return report }
    let candidates: [SchedulingPolicy.Candidate]
    do { candidates = try await self.candidates() } catch {
      logger.error("cannot read ready work: \(error)")
      report.readError = "\(error)"
      return report
    }
    report.sawNoWork = candidates.isEmpty
    var free: [String: Int] = [:]
    for agent in config.agents {
      free[agent.id] = agent.maxConcurrent - active.values.filter { $0.record.agent == agent.id }.count
    }
    var capacity = SchedulingPolicy.Capacity(free: free, inFlight: config.dispatch.maxInFlight - active.count)
    var remaining = SchedulingPolicy.ordered(candidates)
    while !stopping, let pick = SchedulingPolicy.next(remaining, capacity: capacity) {
      remaining.removeAll { $0.id == pick.issue }
      guard let agent = config.agents.first(where: { $0.id == pick.agent }) else { continue }
      if await start(pick.issue, agent: agent) {
        capacity.take(agent.id)
        report.started.append((pick.issue.rawValue, agent.id))
      } else {
        report.claimsLost.append(pick.issue.rawValue)
      }
    }
    return report
  }

  /// Ready work each agent may take, with what the policy orders by. Which issues are ready is read
  /// fresh every cycle; the graph they are ordered by is kept between cycles (`DispatchGraph`).
  func candidates() async throws -> [SchedulingPolicy.Candidate] {
    let agents = config.agents
    let filters = try agents.map { try $0.filter.map(IssueFilter.init(parsing:)) ?? IssueFilter() }
    let known = graph.stale ? [:] : graph.nodes
    let (eligible, read) = try await app.run { app in
      try app.store.read { session in
        // One query per distinct filter, however many agents share it.
        var byFilter: [String: [IssueID]] = [:]
        var eligible: [(String, [IssueID])] = []
        for (agent, filter) in zip(agents, filters) {
          let key = agent.filter ?? ""
          if byFilter[key] == nil { byFilter[key] = try session.claimCandidates(filter, limit: 10_000) }
          eligible.append((agent.id, byFilter[key] ?? []))
        }
        // The whole graph only when it is stale or an issue it does not know is ready.
        let unknown = known.isEmpty || byFilter.values.contains { $0.contains { known[$0] == nil } }
        return (eligible, unknown ? try session.graphNodes() : nil)
      }
    }
    if let read { graph.load(read) }
    let now = app.tracker.clock()
    var agentsOf: [IssueID: [String]] = [:]
    // Issues waiting out a retry's backoff: one read of the attempts folder per cycle.
    let waiting = Set(
      folder.allAttempts().filter { $0.retryAt.map { $0 > now } ?? false }.compactMap { IssueID($0.issue) })
    for (agent, ids) in eligible {
      for id in ids where active[id] == nil {
        if waiting.contains(id) { continue }
        agentsOf[id, default: []].append(agent)
      }
    }
    return agentsOf.compactMap { id, agents in
      guard let node = graph.nodes[id] else { return nil }
      let down = graph.downstream(of: id)
      return SchedulingPolicy.Candidate(
        id: id, priority: node.priority, createdAt: node.createdAt, criticalPath: down.criticalPath,
        downstream: down.downstream, agents: agents)
    }
  }

  /// Claims `id` for `agent` and starts its run; false when the claim was lost (logged, evented).
  func start(_ id: IssueID, agent: DispatchConfig.Agent) async -> Bool {
    let lease = "\(config.dispatch.leaseSecs)s"
    let issue: Issue
    do {
      issue = try await app.run { try $0.claim(id.rawValue, to: agent.actor, lease: lease, exclusive: true) }
    } catch {
      logger.info("claim of \(id) for \(agent.actor) lost: \(error)")
      record("dispatch.claim_lost", id, ["agent": .string(agent.id), "reason": .string("\(error)")])
      return false
    }
    var previous = folder.attempts(id)
    if let held = previous, held.attempts >= agent.maxAttempts {
      // It was held after its attempts ran out and a person unheld it: a fresh budget.
      logger.info("\(id) was unheld after \(held.attempts) attempts: starting again")
      previous = nil
      folder.clearAttempts(id)
    }
    let attempt = (previous?.attempts ?? 0) + 1
    let runID = ids.next(at: Date())
    let workdir: String
    do {
      workdir = try Workspace.prepare(config.dispatch, layout: app.layout, issue: issue)
    } catch {
      logger.error("workspace for \(id): \(error)")
      _ = try? await app.run {
        try $0.release(id.rawValue, by: agent.actor, claim: "\(id.rawValue):\(issue.claimGeneration)")
      }
      record(
        "dispatch.run_exited", id,
        ["agent": .string(agent.id), "outcome": .string("infra"), "reason": .string("\(error)")])
      return true
    }
    let log = folder.logFile(runID, issue: id)
    var runRecord = RunFolder.RunRecord(
      runID: runID, issue: id.rawValue, agent: agent.id, generation: issue.claimGeneration, attempt: attempt,
      dispatcherPID: getpid(), dispatcherStart: AgentProcess.startTime(getpid()), pid: nil,
      startedAt: app.tracker.clock(), log: log, workdir: workdir)
    let launch = makeLaunch(agent: agent, issue: issue, run: runRecord, previous: previous)
    let process: AgentProcess
    do {
      try folder.save(runRecord)
      process = try AgentProcess.start(launch)
    } catch {
      // Cannot start at all: an infrastructure error, not a counted attempt.
      folder.remove(run: runID)
      logger.error("cannot start \(agent.id) on \(id): \(error)")
      _ = try? await app.run {
        try $0.release(id.rawValue, by: agent.actor, claim: "\(id.rawValue):\(issue.claimGeneration)")
      }
      record(
        "dispatch.run_exited", id,
        [
          "run_id": .string(runID), "agent": .string(agent.id), "outcome": .string("infra"),
          "reason": .string("\(error)"),
        ])
      return true
    }
    runRecord.pid = process.pid
    runRecord.agentStart = AgentProcess.startTime(process.pid)
    try? folder.save(runRecord)
    var fields: [String: JSONValue] = ["run_id": .string(runID), "agent": .string(agent.id)]
    fields["attempt"] = .int(Int64(attempt))
    fields["pid"] = .int(Int64(process.pid))
    fields["generation"] = .int(Int64(issue.claimGeneration))
    fields["workdir"] = .string(workdir)
    fields["log"] = .string(log)
    await post("dispatch.run_started", id, fields)
    let supervisor = RunSupervisor(
      dispatcher: self, app: app, agent: agent, record: runRecord, process: process,
      settings: config.dispatch,
      previousAttempts: previous?.attempts ?? 0, issueID: id)
    let task = Task { await supervisor.run() }
    active[id] = ActiveRun(record: runRecord, task: task)
    tasks.append(task)
    return true
  }

  /// Appends a `dispatch.*` event to the tracker's event log (failures are logged, never fatal).
  nonisolated func record(_ kind: String, _ issue: IssueID?, _ fields: [String: JSONValue]) {
    do { try app.record(kind, issue: issue, by: actorName, fields: fields) } catch {
      logger.warning("cannot record \(kind): \(error)")
    }
  }

  /// `record`, on a thread of its own rather than the caller's (the event log's lock may be waited
  /// for): for the events of every run, which must not hold up the cooperative pool.
  nonisolated func post(_ kind: String, _ issue: IssueID?, _ fields: [String: JSONValue]) async {
    do {
      _ = try await app.run { [actorName] in try $0.record(kind, issue: issue, by: actorName, fields: fields)
      }
    } catch {
      logger.warning("cannot record \(kind): \(error)")
    }
  }

  /// A run's supervisor reports its end, with the state it left the issue in when it decided it
  /// (done, gated), so that the graph's open work is current for the next cycle at once.
  func finished(_ issue: IssueID, runID: String, state: IssueState? = nil) {
    if active[issue]?.record.runID == runID { active[issue] = nil }
    if let state { graph.settle(issue, state: state) }
    folder.remove(run: runID)
    if waiters.isEmpty { missedWake = true }
    wake()
  }

  /// An issue finished: its failures are forgotten.
  func cleared(_ issue: IssueID) { folder.clearAttempts(issue) }

  /// Waits until some run ends, or `timeout` passes; at once if one ended since the last wait.
  public func waitForChange(timeout: Duration) async {
    if missedWake {
      missedWake = false
      return
    }
    guard !active.isEmpty else {
      try? await Task.sleep(for: timeout)
      return
    }
    let sleeper = Task {
      try? await Task.sleep(for: timeout)
      self.wake()
    }
    await withCheckedContinuation { waiters.append($0) }
    sleeper.cancel()
  }

  func wake() {
    let waiting = waiters
    waiters = []
    for waiter in waiting { waiter.resume() }
  }

  /// Waits for every run in flight to end, and returns their outcomes.
  @discardableResult
  public func drain() async -> [RunOutcome] {
    var outcomes: [RunOutcome] = []
    while !tasks.isEmpty {
      let task = tasks.removeFirst()
      outcomes.append(await task.value)
    }
    return outcomes
  }

  /// Graceful shutdown: no new work; runs get `shutdown_grace_secs` to end on their own, then are
  /// stopped and their work released.
  public func shutdown() async -> [RunOutcome] {
    stopping = true
    let deadline = ContinuousClock.now + .milliseconds(Int64(config.dispatch.shutdownGraceSecs * 1000))
    while !active.isEmpty && ContinuousClock.now < deadline {
      await waitForChange(timeout: .milliseconds(100))
    }
    for run in active.values { run.task.cancel() }
    return await drain()
  }

  /// Whether shutdown has begun.
  public var isStopping: Bool { stopping }

  /// Starts shutdown without waiting.
  public func beginStopping() {
    stopping = true
    wake()
  }

  /// What `status` shows of this process's runs.
  public var runs: [RunFolder.RunRecord] {
    active.values.map(\.record).sorted { $0.startedAt < $1.startedAt }
  }
}

extension Dispatcher {
  /// Whether some issue waits for a retry whose time has not come (and is not held).
  public func hasPendingRetry() -> Bool {
    let now = app.tracker.clock()
    return folder.allAttempts().contains { !$0.held && ($0.retryAt.map { $0 > now } ?? false) }
  }
}

func getpidValue() -> Int32 { getpid() }

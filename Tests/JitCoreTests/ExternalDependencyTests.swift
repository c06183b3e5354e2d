import Foundation
import JitTestSupport
import Synchronization
import Testing

@testable import JitCore

/// The rules of dependencies on other repositories' issues (`alias:ID`), against a stand-in for the
/// other repositories whose states a test sets.
@Suite struct ExternalDependencyTests {
  /// Other repositories as a table of states; an alias or id it lacks is unknown.
  final class Repositories: ExternalRepositories {
    let states = Mutex<[ExternalDependency: IssueState]>([:])
    let aliases: Set<String>

    init(aliases: Set<String> = ["api"]) { self.aliases = aliases }

    func set(_ dependency: ExternalDependency, _ state: IssueState?) {
      states.withLock { $0[dependency] = state }
    }

    func status(of dependency: ExternalDependency) -> ExternalStatus {
      guard aliases.contains(dependency.alias) else { return .unknown(dependency, "no such alias") }
      guard let state = states.withLock({ $0[dependency] }) else {
        return .unknown(dependency, "no such issue there")
      }
      return ExternalStatus(alias: dependency.alias, id: dependency.id, title: "there", state: state.rawValue)
    }

    func resolve(_ reference: ExternalReference) throws -> IssueID {
      guard aliases.contains(reference.alias) else { throw JitError.unknownAlias(reference.alias, known: []) }
      let known = states.withLock { Array($0.keys) }.filter { $0.alias == reference.alias }
      guard let match = known.first(where: { reference.reference.matches($0.id) }) else {
        throw JitError.issueNotFound(reference.reference.original)
      }
      return match.id
    }
  }

  var link: ExternalDependency {
    get throws { try ExternalDependency(alias: "api", id: IssueID(validating: "01M8SM6ASGHYVM2DKWE8MSA8RA")) }
  }
  var human: Actor { get throws { try Actor(validating: "human:alice") } }
  var agent: Actor { get throws { try Actor(validating: "agent:a1") } }

  func tracker(_ backend: StoreBackend, _ repositories: Repositories) throws -> Tracker {
    let base = try backend.tracker()
    return Tracker(store: base.store, clock: base.clock, workspace: base.workspace, external: repositories)
  }

  @Test func theLinkIsAliasColonIDAndOnlyAValidAliasParses() throws {
    let link = try self.link
    #expect(link.description == "api:01M8SM6ASGHYVM2DKWE8MSA8RA")
    #expect(link.short == "api:E8MSA8RA")
    let decoded = try JSONDecoder().decode(
      [ExternalDependency].self, from: Data(#"["api:01M8SM6ASGHYVM2DKWE8MSA8RA"]"#.utf8))
    #expect(decoded == [link])
    for bad in [
      #"["Api:01M8SM6ASGHYVM2DKWE8MSA8RA"]"#, #"["api:E8MSA8RA"]"#, #"["01M8SM6ASGHYVM2DKWE8MSA8RA"]"#,
    ] {
      #expect(throws: DecodingError.self) {
        try JSONDecoder().decode([ExternalDependency].self, from: Data(bad.utf8))
      }
    }
    #expect(try ExternalReference(parsing: "4GD4P9SX") == nil)
    #expect(try ExternalReference(parsing: "api:4GD4P9SX")?.alias == "api")
    #expect(throws: JitError.self) { try ExternalReference(parsing: "API:4GD4P9SX") }
    #expect(throws: JitError.self) { try ExternalReference(parsing: "api:no") }
    // Nothing after the colon: the message says so (it named the empty string '').
    do {
      _ = try ExternalReference(parsing: "api:")
      Testing.Issue.record("api: was accepted")
    } catch let error as JitError {
      #expect(error.code == .invalidID)
      #expect(error.message.contains("'api:' names no issue"), "\(error.message)")
    }
  }

  @Test func anIssueWithoutLinksIsWrittenAsBeforeAndOneWithLinksRoundTrips() throws {
    var issue = Issue(
      id: try IssueID(validating: "01M8SM6B353QEDQJ9XEVRQE4V1"), title: "x",
      createdAt: Timestamp(millisecondsSince1970: 0))
    let plain = String(decoding: try JSONCoding.encodeFile(issue), as: UTF8.self)
    #expect(!plain.contains("external_dependencies"))
    issue.externalDependencies = [try link]
    let bytes = try JSONCoding.encodeFile(issue)
    #expect(String(decoding: bytes, as: UTF8.self).contains(#""api:01M8SM6ASGHYVM2DKWE8MSA8RA""#))
    let back = try JSONCoding.decodeFile(Issue.self, bytes, path: "x")
    #expect(back == issue)
    #expect(try JSONCoding.encodeFile(back) == bytes)
    // The fast element writer and the encoder agree on it.
    let direct = try #require(IssueElementWriter.element(issue))
    #expect(direct == (try IssueJSON().encodedElement(issue)))
  }

  @Test func theBlockedFieldsOfAnExternalBlockerAreWhatTheEncoderWrites() throws {
    let link = try self.link
    for status in [
      ExternalStatus(alias: "api", id: link.id, title: "t \"q\"", state: "in_progress"),
      ExternalStatus.unknown(link, "gone"),
    ] {
      let reasons = BlockingReasons(dependencies: [], gates: [])
      var withExternal = reasons
      withExternal.external = [status]
      var issue = Issue(
        id: try IssueID(validating: "01M8SM6B353QEDQJ9XEVRQE4V1"), title: "x",
        createdAt: Timestamp(millisecondsSince1970: 0)
      )
      issue.externalDependencies = [link]
      var row = try QueryRow(issue, reasons: withExternal)
      var fast: [UInt8] = []
      IssueJSON.append(row, to: &fast)
      row.reasons = nil
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
      let encoded = String(decoding: try encoder.encode(withExternal), as: UTF8.self)
      let decoded = try JSONDecoder().decode(BlockingReasons.self, from: Data(encoded.utf8))
      #expect(decoded == withExternal)
      #expect(String(decoding: fast, as: UTF8.self).contains(#""external" : ["#))
      #expect(String(decoding: fast, as: UTF8.self).contains("\"state\" : \"\(status.state)\""))
    }
  }

  @Test func onlyDoneThereSatisfiesALinkAndUnknownNeverDoes() throws {
    let repositories = Repositories()
    let link = try self.link
    var issue = Issue(
      id: try IssueID(validating: "01M8SM6B353QEDQJ9XEVRQE4V1"), title: "x", state: .ready,
      createdAt: Timestamp(millisecondsSince1970: 0))
    issue.externalDependencies = [link]
    let live = ReadinessEvaluator(gates: GateRegistry(), external: repositories) { _ in nil }
    let stored = ReadinessEvaluator(gates: GateRegistry()) { _ in nil }
    #expect(live.externalBlockers(issue).map(\.state) == ["unknown"])
    for state in [IssueState.backlog, .ready, .inProgress, .gated, .archived] {
      repositories.set(link, state)
      #expect(live.externalBlockers(issue).map(\.state) == [state.rawValue])
      #expect(try !live.isReadyToClaim(issue))
      #expect(try live.blockers(issue)?.external.count == 1)
    }
    repositories.set(link, .done)
    #expect(live.externalBlockers(issue).isEmpty)
    #expect(try live.isReadyToClaim(issue))
    // The stored derived state follows this repository alone, whatever the other one says.
    repositories.set(link, .inProgress)
    #expect(try live.derivedState(issue) == .ready)
    #expect(try !stored.hasStaleDerivedState(issue))
    #expect(try NoExternalRepositories().status(of: link).isSatisfied == false)
  }

  @Test(arguments: [StoreBackend.memory, .files, .indexed])
  func claimsAndQueriesWaitUntilTheOtherIssueIsDone(backend: StoreBackend) throws {
    let repositories = Repositories()
    let link = try self.link
    repositories.set(link, .inProgress)
    let tracker = try tracker(backend, repositories)
    let issue = try tracker.create(IssueDraft(title: "waits"), by: human)
    let free = try tracker.create(IssueDraft(title: "free", priority: .low), by: human)
    let change = try tracker.addDependencies(
      IssueReference(issue.id), on: [],
      external: [ExternalReference(alias: "api", reference: try IssueReference("A8RA"))], by: human)
    #expect(change.changedExternal == [link])
    #expect(try tracker.issue(IssueReference(issue.id)).externalDependencies == [link])
    #expect(try tracker.query(.ready).map(\.id) == [free.id])
    let blocked = try tracker.query(.blocked)
    #expect(blocked.map(\.id) == [issue.id])
    #expect(blocked.first?.reasons?.external.map(\.state) == ["in_progress"])
    #expect(throws: JitError.self) { try tracker.claim(IssueReference(issue.id), to: agent) }
    // claim-next passes over it to the next one.
    #expect(try tracker.claimNext(to: agent).id == free.id)
    repositories.set(link, nil)
    #expect(try tracker.query(.blocked).first?.reasons?.external.first?.state == "unknown")
    repositories.set(link, .done)
    #expect(try tracker.query(.ready).map(\.id) == [issue.id])
    #expect(try tracker.query(.blocked).isEmpty)
    #expect(try tracker.claimNext(to: agent).id == issue.id)
  }

  @Test func addingAnUnknownAliasOrIssueChangesNothingAndRemovingWorksWithoutTheRepository() throws {
    let repositories = Repositories()
    let link = try self.link
    repositories.set(link, .done)
    let tracker = try tracker(.memory, repositories)
    let issue = try tracker.create(IssueDraft(title: "waits"), by: human)
    let before = try tracker.issue(IssueReference(issue.id))
    let unknownAlias = ExternalReference(alias: "web", reference: try IssueReference("A8RA"))
    #expect(
      performing: {
        try tracker.addDependencies(IssueReference(issue.id), on: [], external: [unknownAlias], by: human)
      }, throws: { ($0 as? JitError)?.code == .unknownAlias })
    let unknownIssue = ExternalReference(alias: "api", reference: try IssueReference("ZZZZ"))
    #expect(
      performing: {
        try tracker.addDependencies(IssueReference(issue.id), on: [], external: [unknownIssue], by: human)
      }, throws: { ($0 as? JitError)?.code == .issueNotFound })
    #expect(try tracker.issue(IssueReference(issue.id)) == before)
    let added = ExternalReference(alias: "api", reference: try IssueReference("E8MSA8RA"))
    _ = try tracker.addDependencies(IssueReference(issue.id), on: [], external: [added], by: human)
    // Again: a no-op.
    #expect(
      try tracker.addDependencies(IssueReference(issue.id), on: [], external: [added], by: human)
        .unchangedExternal == [link])
    // The other repository is gone: the link is still removed, by its suffix.
    let gone = Tracker(store: tracker.store, clock: tracker.clock, external: Repositories(aliases: []))
    let removed = try gone.removeDependencies(IssueReference(issue.id), on: [], external: [added], by: human)
    #expect(removed.changedExternal == [link])
    #expect(try gone.issue(IssueReference(issue.id)).externalDependencies.isEmpty)
  }

  @Test func aMergeKeepsLinksEitherSideAddedAndDropsOnesOneSideRemoved() throws {
    let link = try self.link
    let other = try ExternalDependency(
      alias: "web", id: try IssueID(validating: "01M8SM6B353QEDQJ9XEVRQE4V1"))
    var base = Issue(
      id: try IssueID(validating: "01M8SM91MN3TK16V8EZK6NRRYP"), title: "x",
      createdAt: Timestamp(millisecondsSince1970: 0))
    base.externalDependencies = [link]
    var ours = base
    ours.externalDependencies = []
    var theirs = base
    theirs.externalDependencies = [link, other]
    let merged = try IssueMerge.merge(base: base, ours: ours, theirs: theirs)
    #expect(merged.externalDependencies == [other])
    #expect(merged.mergeConflicts.isEmpty)
  }
}

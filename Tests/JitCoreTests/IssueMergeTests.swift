import Testing

@testable import JitCore

/// The three-way merge of issue files and of the gate registry (`jit merge-file`).
@Suite struct IssueMergeTests {
  let id: IssueID
  let other: IssueID
  let third: IssueID

  init() throws {
    id = try IssueID(validating: "01M87W2N0WC60RT1R9TMCATFCC")
    other = try IssueID(validating: "01M87W2MV51HZ3HG05NY5MJMRG")
    third = try IssueID(validating: "01M87W2MV51HZ3HG05NY5MJMRH")
  }

  func at(_ millis: Int64) -> Timestamp { Timestamp(millisecondsSince1970: 1_700_000_000_000 + millis) }

  var base: JitCore.Issue {
    var issue = JitCore.Issue(
      id: id, title: "Base", description: "desc", state: .ready, dependencies: [other],
      gatesRequired: ["review"], context: ["epic": "auth"], createdAt: at(0))
    issue.gatesStatus["review"] = GateStatus()
    return issue
  }

  func bytes(_ issue: JitCore.Issue) throws -> [UInt8] { try JSONCoding.encodeFile(issue) }

  @Test func aFieldChangedOnOneSideTakesThatSide() throws {
    var ours = base
    ours.title = "Ours"
    ours.updatedAt = at(10)
    var theirs = base
    theirs.description = "their description"
    theirs.priority = .high
    theirs.updatedAt = at(20)
    let merged = try IssueMerge.merge(base: base, ours: ours, theirs: theirs)
    #expect(merged.title == "Ours")
    #expect(merged.description == "their description")
    #expect(merged.priority == .high)
    #expect(merged.updatedAt == at(20))
    #expect(merged.mergeConflicts.isEmpty)
  }

  @Test func aTextFieldChangedDifferentlyKeepsTheLaterSideAndRecordsTheConflict() throws {
    var ours = base
    ours.title = "Ours"
    ours.context["epic"] = "billing"
    ours.updatedAt = at(30)
    var theirs = base
    theirs.title = "Theirs"
    theirs.context["epic"] = "search"
    theirs.updatedAt = at(20)
    let merged = try IssueMerge.merge(base: base, ours: ours, theirs: theirs)
    #expect(merged.title == "Ours")
    #expect(merged.context["epic"] == "billing")
    #expect(
      Set(merged.mergeConflicts) == [
        MergeConflict(field: "context.epic", base: "auth", ours: "billing", theirs: "search", kept: "ours"),
        MergeConflict(field: "title", base: "Base", ours: "Ours", theirs: "Theirs", kept: "ours"),
      ])
    // Identical changes on both sides are no conflict.
    theirs.title = "Ours"
    theirs.context["epic"] = "billing"
    #expect(try IssueMerge.merge(base: base, ours: ours, theirs: theirs).mergeConflicts.isEmpty)
  }

  @Test func stateAndAssigneeComeTogetherFromTheSideThatChangedThem() throws {
    var ours = base
    ours.state = .inProgress
    ours.assignee = try Actor(validating: "agent:a")
    ours.updatedAt = at(10)
    var theirs = base
    theirs.title = "Renamed later"
    theirs.updatedAt = at(20)
    let merged = try IssueMerge.merge(base: base, ours: ours, theirs: theirs)
    #expect(merged.state == .inProgress)
    #expect(merged.assignee == ours.assignee)
    #expect(merged.title == "Renamed later")
    // Both moved it: the later one wins, state and assignee together.
    theirs.state = .archived
    theirs.archivedFrom = .ready
    let both = try IssueMerge.merge(base: base, ours: ours, theirs: theirs)
    #expect(both.state == .archived)
    #expect(both.assignee == nil)
    #expect(both.archivedFrom == .ready)
    #expect(both.mergeConflicts.isEmpty, "one side gave it up: nobody lost a claim")
    // Both claimed it, for two actors: the later claim is kept, and the other recorded.
    theirs.state = .inProgress
    theirs.archivedFrom = nil
    theirs.assignee = try Actor(validating: "agent:b")
    let claims = try IssueMerge.merge(base: base, ours: ours, theirs: theirs)
    #expect(claims.assignee == theirs.assignee)
    #expect(
      claims.mergeConflicts == [
        MergeConflict(field: "assignee", base: .null, ours: "agent:a", theirs: "agent:b", kept: "theirs")
      ])
  }

  @Test func dependenciesAndGatesMergeAsSets() throws {
    var ours = base
    ours.dependencies = [other, third].sorted()
    ours.gatesRequired = ["review", "tests"]
    ours.gatesStatus["tests"] = GateStatus()
    ours.updatedAt = at(10)
    var theirs = base
    theirs.dependencies = []  // removed `other`, which ours left alone: removed
    theirs.gatesRequired = ["review", "lint"]
    theirs.gatesStatus["lint"] = GateStatus(status: .passed, updatedAt: at(15))
    theirs.updatedAt = at(20)
    let merged = try IssueMerge.merge(base: base, ours: ours, theirs: theirs)
    #expect(merged.dependencies == [third])
    #expect(merged.gatesRequired == ["review", "tests", "lint"])
    #expect(Set(merged.gatesStatus.keys) == ["review", "tests", "lint"])
    #expect(merged.gatesStatus["lint"]?.status == .passed)
    // Without an ancestor (add/add) nothing is a removal: the union.
    let added = try IssueMerge.merge(base: nil, ours: ours, theirs: theirs)
    #expect(added.dependencies == [other, third].sorted())
  }

  @Test func aGateBothSidesSetKeepsTheLaterResult() throws {
    var ours = base
    ours.gatesStatus["review"] = GateStatus(status: .failed, updatedAt: at(50))
    ours.updatedAt = at(50)
    var theirs = base
    theirs.gatesStatus["review"] = GateStatus(status: .passed, updatedAt: at(40))
    theirs.updatedAt = at(60)  // the issue is later, the gate result is not
    let merged = try IssueMerge.merge(base: base, ours: ours, theirs: theirs)
    #expect(merged.gatesStatus["review"]?.status == .failed)
  }

  @Test func unknownFieldsAreKeptAndMergedToo() throws {
    var ours = base
    ours.otherFields["estimate"] = 3
    var theirs = base
    theirs.otherFields["owner_team"] = "core"
    let merged = try IssueMerge.merge(base: base, ours: ours, theirs: theirs)
    #expect(merged.otherFields["estimate"] == 3)
    #expect(merged.otherFields["owner_team"] == "core")
    // Changed differently on both: the later side's, recorded.
    ours.otherFields["estimate"] = 5
    ours.updatedAt = at(5)
    theirs.otherFields["estimate"] = 8
    theirs.updatedAt = at(9)
    let both = try IssueMerge.merge(base: base, ours: ours, theirs: theirs)
    #expect(both.otherFields["estimate"] == 8)
    #expect(both.mergeConflicts.map(\.field) == ["estimate"])
  }

  @Test func everyFieldIssueKnowsHasARule() {
    // A field added to Issue is merged as free text until it is given a rule in IssueMerge: this
    // test fails to say that one is missing.
    let known = Set(JitCore.Issue.CodingKeys.allCases.map(\.rawValue))
    #expect(known.subtracting(IssueMerge.handledFields).isEmpty)
  }

  @Test func aRecordedConflictResolvedOnOneSideStaysResolved() throws {
    var conflicted = base
    conflicted.mergeConflicts = [
      MergeConflict(field: "title", base: "a", ours: "b", theirs: "c", kept: "ours")
    ]
    var ours = conflicted
    let resolved = ours.resolveMergeConflicts(changing: "title")
    #expect(resolved)
    ours.title = "Settled"
    let theirs = conflicted
    let merged = try IssueMerge.merge(base: conflicted, ours: ours, theirs: theirs)
    #expect(merged.mergeConflicts.isEmpty)
    #expect(merged.title == "Settled")
  }

  @Test func theDriverWritesAValidIssueInJitsOwnFormat() throws {
    var ours = base
    ours.title = "Ours"
    ours.updatedAt = at(10)
    var theirs = base
    theirs.title = "Theirs"
    theirs.updatedAt = at(20)
    let outcome = try MergeDriver.merge(base: bytes(base), ours: bytes(ours), theirs: bytes(theirs))
    let written = try JSONCoding.decodeFile(JitCore.Issue.self, outcome.bytes, path: "merged")
    #expect(written.title == "Theirs")
    #expect(outcome.conflicts.map(\.field) == ["title"])
    #expect(try JSONCoding.encodeFile(written) == outcome.bytes)
    #expect(!String(decoding: outcome.bytes, as: UTF8.self).contains("<<<<<<<"))
  }

  @Test func aSideThatDoesNotParseIsRecordedAndTheOtherKept() throws {
    let markers = Array("<<<<<<< ours\n{\n=======\n}\n>>>>>>> theirs\n".utf8)
    let outcome = try MergeDriver.merge(base: bytes(base), ours: markers, theirs: bytes(base))
    let written = try JSONCoding.decodeFile(JitCore.Issue.self, outcome.bytes, path: "merged")
    #expect(written.title == "Base")
    #expect(written.mergeConflicts.map(\.field) == ["file"])
    #expect(written.mergeConflicts.first?.kept == "theirs")
    #expect(throws: JitError.self) { try MergeDriver.merge(base: nil, ours: markers, theirs: markers) }
    var stranger = base
    stranger.id = other
    #expect(throws: JitError.self) {
      try MergeDriver.merge(base: nil, ours: bytes(base), theirs: bytes(stranger))
    }
  }

  @Test func theGateRegistryMergesGateByGate() throws {
    let review = GateDefinition(key: "review", title: "Review")
    let registry = GateRegistry(gates: ["review": review])
    var ours = registry
    ours.gates["tests"] = GateDefinition(key: "tests", title: "Tests", auto: true, command: "swift test")
    var theirs = registry
    theirs.gates["review"]?.description = "Two people"
    theirs.gates["lint"] = GateDefinition(key: "lint", title: "Lint", auto: true)
    let outcome = try MergeDriver.merge(
      base: JSONCoding.encodeFile(registry), ours: JSONCoding.encodeFile(ours),
      theirs: JSONCoding.encodeFile(theirs))
    let merged = try JSONCoding.decodeFile(GateRegistry.self, outcome.bytes, path: "gates.json")
    #expect(Set(merged.gates.keys) == ["review", "tests", "lint"])
    #expect(merged.gates["review"]?.description == "Two people")
    #expect(merged.gates["tests"]?.command == "swift test")
  }
}

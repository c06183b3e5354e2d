import Foundation
import JitTestSupport
import Testing

/// `jit graph show|downstream|roots`, on a diamond: b and c depend on a, c also on b, d on b and c.
@Suite struct GraphCommandTests {
  struct Diamond {
    let repo: TemporaryRepository
    let a: String
    let b: String
    let c: String
    let d: String

    init() throws {
      repo = try TemporaryRepository()
      a = try repo.create("alpha")
      b = try repo.create("beta", "--dep", a)
      c = try repo.create("gamma", "--dep", a, "--dep", b)
      d = try repo.create("delta", "--dep", b, "--dep", c)
    }
  }

  /// A node of the JSON tree, for reading it in tests.
  struct Node {
    let object: [String: Any]
    var id: String { object["id"] as? String ?? "" }
    var children: [Node] { (object["children"] as? [[String: Any]] ?? []).map(Node.init) }
    var repeated: Bool { object["repeated"] as? Bool ?? false }
    var truncated: Bool { object["truncated"] as? Bool ?? false }
    var hidden: Int { object["hidden_count"] as? Int ?? -1 }
    var all: [Node] { [self] + children.flatMap(\.all) }
  }

  @Test func showDrawsPrerequisitesOnceAndMarksSharedOnes() throws {
    let g = try Diamond()
    let tree = Node(object: try g.repo.run("graph", "show", g.d, "--json").object())
    #expect(tree.id == g.d)
    #expect(tree.children.map(\.id) == [g.b, g.c])
    #expect(tree.children[0].children.map(\.id) == [g.a])
    // Under c, a and b were drawn already (under b): marked, not expanded again.
    let underC = tree.children[1].children
    #expect(underC.map(\.id) == [g.a, g.b])
    #expect(underC.allSatisfy { $0.repeated })
    #expect(underC.allSatisfy { $0.children.isEmpty })
    // Every issue is drawn in full exactly once.
    let full = tree.all.filter { !$0.repeated }.map(\.id)
    #expect(full.sorted() == [g.a, g.b, g.c, g.d].sorted())
    #expect(tree.object["short_id"] as? String == String(g.d.suffix(8)))
    #expect(tree.object["state"] as? String == "backlog")
    #expect(tree.object["title"] as? String == "delta")
  }

  @Test func showDrawsATreeForPeople() throws {
    let g = try Diamond()
    let text = g.repo.run("graph", "show", String(g.d.suffix(5))).stdout
    let lines = text.split(separator: "\n").map(String.init)
    #expect(lines.first == "\(g.d.suffix(8))  backlog  delta")
    #expect(lines.contains("├── \(g.b.suffix(8))  backlog  beta"))
    #expect(lines.contains("│   └── \(g.a.suffix(8))  ready  alpha"))
    #expect(lines.contains("└── \(g.c.suffix(8))  backlog  gamma"))
    #expect(lines.contains("    └── \(g.b.suffix(8))  backlog  beta  (see above)"))
    #expect(lines.count == 6)
  }

  @Test func depthLimitsTheTreeAndSaysWhatItCut() throws {
    let g = try Diamond()
    let one = Node(object: try g.repo.run("graph", "show", g.d, "--depth", "1", "--json").object())
    #expect(one.children.map(\.id) == [g.b, g.c])
    #expect(one.children.allSatisfy { $0.children.isEmpty && $0.truncated })
    #expect(one.children.map(\.hidden) == [1, 2])
    let zero = Node(object: try g.repo.run("graph", "show", g.d, "--depth", "0", "--json").object())
    #expect(zero.children.isEmpty && zero.truncated && zero.hidden == 2)
    #expect(g.repo.run("graph", "show", g.d, "--depth", "1").stdout.contains("(+2 more below --depth)"))
    #expect(g.repo.run("graph", "show", g.d, "--depth", "-1", "--json").status == 2)
  }

  @Test func downstreamFollowsDependentsTransitively() throws {
    let g = try Diamond()
    let tree = Node(object: try g.repo.run("graph", "downstream", g.a, "--json").object())
    #expect(tree.children.map(\.id) == [g.b, g.c])
    #expect(Set(tree.all.filter { !$0.repeated }.map(\.id)) == [g.a, g.b, g.c, g.d])
    let leaf = Node(object: try g.repo.run("graph", "downstream", g.d, "--json").object())
    #expect(leaf.children.isEmpty && !leaf.truncated)
    #expect(g.repo.run("graph", "downstream", g.d).stdout.contains("(nothing depends on it)"))
    let shallow = Node(object: try g.repo.run("graph", "downstream", g.a, "--depth", "1", "--json").object())
    #expect(shallow.children.map(\.id) == [g.b, g.c])
    #expect(shallow.children.allSatisfy { $0.truncated })
  }

  @Test func rootsAreIssuesWithoutDependencies() throws {
    let g = try Diamond()
    let lone = try g.repo.create("lone", "--priority", "high")
    let roots = try g.repo.run("graph", "roots", "--json").array()
    #expect(roots.map { $0["id"] as? String } == [lone, g.a])
    #expect(roots.map { $0["dependent_count"] as? Int } == [0, 2])
    #expect(g.repo.run("issue", "archive", lone).status == 0)
    #expect(try g.repo.run("graph", "roots", "--json").array().count == 1)
    #expect(try g.repo.run("graph", "roots", "--all", "--json").array().count == 2)
    #expect(g.repo.run("graph", "roots").stdout.contains("alpha"))
  }

  @Test func unknownIssuesAreRefused() throws {
    let g = try Diamond()
    let missing = g.repo.run("graph", "show", "ZZZZ", "--json")
    #expect(missing.status == 3)
    #expect(missing.errorCode == "ISSUE_NOT_FOUND")
    #expect(g.repo.run("graph", "downstream", "../x", "--json").errorCode == "INVALID_ID")
  }

  @Test func aDanglingDependencyIsDrawnAsMissing() throws {
    let g = try Diamond()
    let ghost = "01ARZ3NDEKTSV4RRFFQ69G5FAV"
    try g.repo.editIssue(g.a) { $0["dependencies"] = [ghost] }
    let tree = Node(object: try g.repo.run("graph", "show", g.b, "--json").object())
    let node = try #require(tree.children.first?.children.first)
    #expect(node.id == ghost)
    #expect(node.object["missing"] as? Bool == true)
    #expect(g.repo.run("graph", "show", g.b).stdout.contains("(missing: no issue has id \(ghost))"))
  }
}

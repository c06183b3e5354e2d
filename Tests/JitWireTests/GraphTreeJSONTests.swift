import Foundation
import JitCore
import JitWire
import Testing

/// The tree JSON writer: the same document `JSONEncoder` makes, at any depth.
@Suite struct GraphTreeJSONTests {
  func chain(_ count: Int, titles: [String] = []) throws -> IssueGraph {
    let generator = ULIDGenerator()
    let now = Timestamp(millisecondsSince1970: 1_764_270_000_000)
    var made: [JitCore.Issue] = []
    for index in 0..<count {
      let id = try IssueID(validating: generator.next(at: now.date))
      let dependencies = made.suffix(2).map(\.id)  // each depends on the two before it: shared nodes
      made.append(
        JitCore.Issue(
          id: id, title: index < titles.count ? titles[index] : "issue \(index)", dependencies: dependencies,
          createdAt: now))
    }
    return IssueGraph(made)
  }

  @Test func matchesTheEncoder() throws {
    let graph = try chain(6, titles: ["quote \" and \\ slash /", "tab\tnew\nline \u{1}", "ünï ✓"])
    let root = try #require(graph.issues.keys.max())
    for depth in [nil, 2] {
      let tree = graph.tree(from: root, .upstream, depth: depth)
      let ours = try JSONSerialization.jsonObject(with: Data(GraphTreeJSON.render(tree).utf8))
      let theirs = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(tree))
      #expect((ours as? NSDictionary) == (theirs as? NSDictionary))
    }
  }

  @Test func deepChainsAreWritten() throws {
    let count = 1500
    let graph = try chain(count)
    let root = try #require(graph.issues.keys.max())
    let text = GraphTreeJSON.render(graph.tree(from: root, .upstream))
    #expect(text.components(separatedBy: "\"id\" : ").count - 1 >= count)
    #expect(text.filter { $0 == "{" }.count == text.filter { $0 == "}" }.count)
    #expect(text.hasSuffix("}\n"))
  }
}

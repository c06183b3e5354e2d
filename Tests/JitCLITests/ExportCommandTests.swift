import Foundation
import JitTestSupport
import Testing

/// `jit export --format dot|mermaid`.
@Suite struct ExportCommandTests {
  /// Titles that would break a naive writer: quotes, brackets, backslashes, markup, a newline.
  static let nastyTitles = [
    #"Say "hello" [v2] {x} (y)"#, #"back\slash \n and \"quote"#, "<b>bold</b> & #hash; `code`",
    "semi; colon: pipe | arrow --> end",
  ]

  func makeRepository() throws -> (TemporaryRepository, [String]) {
    let repo = try TemporaryRepository()
    var ids: [String] = []
    for (index, title) in Self.nastyTitles.enumerated() {
      ids.append(index == 0 ? try repo.create(title) : try repo.create(title, "--dep", ids[index - 1]))
    }
    // A title with a line break can only come from a hand edit.
    try repo.editIssue(ids[0]) { $0["title"] = "two\nlines \"quoted\"" }
    #expect(repo.run("issue", "claim", ids[0], "--to", "agent:a").status == 0)
    return (repo, ids)
  }

  @Test func dotRendersWithGraphviz() throws {
    let (repo, ids) = try makeRepository()
    let whole = repo.run("export", "--format", "dot", "--legend")
    #expect(whole.status == 0)
    #expect(whole.stdout.contains("digraph jit {"))
    #expect(whole.stdout.contains("\"\(ids[0])\" -> \"\(ids[1])\";"))
    #expect(whole.stdout.contains("fillcolor=\"#fff2b3\""))  // in_progress
    #expect(whole.stdout.contains(#"two\nlines \"quoted\""#))
    try Self.renderWithGraphviz(whole.stdout)
    let part = repo.run("export", "--format", "dot", "--issue", ids[1], "--depth", "1")
    #expect(part.status == 0)
    #expect(part.stdout.components(separatedBy: " -> ").count - 1 == 2)
    try Self.renderWithGraphviz(part.stdout)
  }

  @Test func graphvizDrawsTheTitleAsWrittenEvenWithEntities() throws {
    let repo = try TemporaryRepository()
    _ = try repo.create("Escape & as &amp; and \\N too")
    let dot = repo.run("export", "--format", "dot")
    #expect(dot.status == 0)
    let svg = try Self.renderWithGraphviz(dot.stdout)
    // SVG escapes `&` once more: what Graphviz drew is the title, character for character.
    if let svg { #expect(svg.contains("Escape &amp; as &amp;amp; and \\N too"), "\(svg)") }
  }

  /// Runs `dot -Tsvg` on the text, requires it to succeed, and returns the SVG (nil without Graphviz).
  @discardableResult
  static func renderWithGraphviz(_ text: String) throws -> String? {
    let dot = ["/usr/bin/dot", "/usr/local/bin/dot", "/opt/homebrew/bin/dot"].first {
      FileManager.default.isExecutableFile(atPath: $0)
    }
    guard let dot else {
      Issue.record(
        Comment(
          rawValue: "Graphviz 'dot' is not installed, so the DOT output cannot be checked: install it "
            + "with 'apt-get install graphviz' (.ci/run does)"))
      return nil
    }
    let directory = try TemporaryDirectory()
    let input = directory.file("graph.dot")
    try Data(text.utf8).write(to: URL(fileURLWithPath: input))
    let result = try BuiltBinary.run(dot, ["-Tsvg", input], in: directory.path, environment: [:])
    #expect(result.status == 0, "dot -Tsvg failed: \(result.stderr)")
    #expect(result.stderr.isEmpty, "dot warned: \(result.stderr)")
    #expect(result.stdout.contains("<svg"))
    return result.stdout
  }

  @Test func mermaidIsAWellFormedFlowchart() throws {
    let (repo, ids) = try makeRepository()
    let result = repo.run("export", "--format", "mermaid")
    #expect(result.status == 0)
    let lines = result.stdout.split(separator: "\n").map(String.init)
    #expect(lines.first == "flowchart TD")
    let states = ["backlog", "ready", "in_progress", "gated", "done", "archived"]
    for state in states {
      #expect(lines.contains { $0.hasPrefix("  classDef \(state) fill:#") })
    }
    let node = try Regex(#"^  (i[0-9A-Z]{26})\["([^"]*)"\]:::([a-z_]+)$"#)
    let edge = try Regex(#"^  (i[0-9A-Z]{26}) --> (i[0-9A-Z]{26})$"#)
    var nodes: [String: String] = [:]
    var edges: [(String, String)] = []
    for line in lines.dropFirst() where !line.hasPrefix("  classDef ") {
      if let match = try node.wholeMatch(in: line) {
        let state = String(match.output[3].substring ?? "")
        #expect(states.contains(state))
        nodes[String(match.output[1].substring ?? "")] = String(match.output[2].substring ?? "")
      } else if let match = try edge.wholeMatch(in: line) {
        edges.append((String(match.output[1].substring ?? ""), String(match.output[2].substring ?? "")))
      } else {
        Issue.record("not a node, edge or classDef line: \(line)")
      }
    }
    #expect(Set(nodes.keys) == Set(ids.map { "i" + $0 }))
    #expect(edges.count == ids.count - 1)
    for (from, to) in edges { #expect(nodes[from] != nil && nodes[to] != nil) }
    // The labels carry the titles with quotes, markup and line breaks made safe.
    let label = try #require(nodes["i" + ids[0]])
    #expect(label.contains("[in_progress]<br/>two lines #quot;quoted#quot;"))
    let markup = try #require(nodes["i" + ids[2]])
    #expect(markup.contains("#lt;b#gt;bold#lt;/b#gt; #amp; #35;hash; #96;code#96;"))
  }

  @Test func neighbourhoodHoldsUpstreamAndDownstream() throws {
    let (repo, ids) = try makeRepository()
    let unrelated = try repo.create("unrelated")
    let all = try repo.run("export", "--format", "mermaid", "--issue", ids[1], "--json").object()
    #expect(all["nodes"] as? Int == ids.count)
    #expect(all["edges"] as? Int == ids.count - 1)
    let text = try #require(all["text"] as? String)
    #expect(!text.contains(unrelated))
    let near = try repo.run("export", "--format", "dot", "--issue", ids[1], "--depth", "1", "--json").object()
    #expect(near["nodes"] as? Int == 3)
    let whole = try repo.run("export", "--format", "dot", "--json").object()
    #expect(whole["nodes"] as? Int == ids.count + 1)
  }

  @Test func badArgumentsAreUsageErrors() throws {
    let (repo, _) = try makeRepository()
    #expect(repo.run("export", "--format", "png").status == 2)
    #expect(repo.run("export").status == 2)
    #expect(repo.run("export", "--format", "dot", "--depth", "2").status == 2)
    #expect(repo.run("export", "--format", "dot", "--issue", "ZZZZ", "--json").errorCode == "ISSUE_NOT_FOUND")
  }
}

import ArgumentParser
import JitCore
import JitWire

/// `jit graph show|downstream|roots`.
struct GraphCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "graph", abstract: "Draw the dependency graph around an issue.",
    discussion: """
      Trees are drawn with short ids, states and titles. An issue reached twice is drawn once and \
      marked "(see above)" where it appears again; --depth N stops N levels below the issue and \
      marks what it cut off. With --json the tree is nested: each node has id, short_id, title, \
      state, priority, repeated, truncated, hidden_count, missing and children.
      """,
    subcommands: [GraphShowCommand.self, GraphDownstreamCommand.self, GraphRootsCommand.self])
}

/// Draws one tree.
struct GraphTreeCommandBody {
  var id: String
  var depth: Int?
  var direction: IssueGraph.Direction

  func execute(_ context: CommandContext) throws {
    if let depth, depth < 0 { throw JitError.invalidArgument("--depth must be 0 or more") }
    let tracker = try context.tracker()
    let (root, graph) = try tracker.read { reader in
      (try reader.resolve(id), try reader.graph())
    }
    let tree = graph.tree(from: root, direction, depth: depth)
    context.output.standardOutput(
      context.json ? GraphTreeJSON.render(tree) : GraphTreeText.render(tree, direction: direction))
  }
}

struct GraphShowCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "show", abstract: "The tree of an issue's prerequisites (what must be done first).")

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The issue: its id or a unique suffix of 4+ characters.") var id: String
  @Option(help: "How many levels to draw below the issue (default: all).") var depth: Int?

  func execute(_ context: CommandContext) throws {
    try GraphTreeCommandBody(id: id, depth: depth, direction: .upstream).execute(context)
  }
}

struct GraphDownstreamCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "downstream", abstract: "The tree of issues that depend on an issue, transitively.")

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The issue: its id or a unique suffix of 4+ characters.") var id: String
  @Option(help: "How many levels to draw below the issue (default: all).") var depth: Int?

  func execute(_ context: CommandContext) throws {
    try GraphTreeCommandBody(id: id, depth: depth, direction: .downstream).execute(context)
  }
}

struct GraphRootsCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "roots", abstract: "Issues with no dependencies: where the graph starts.",
    discussion: "Archived issues are left out unless --all. Ordered by priority, then age.")

  @OptionGroup var global: GlobalOptions
  @Flag(help: "Include archived issues.") var all = false

  func execute(_ context: CommandContext) throws {
    // From the index's rows when there is one: no issue file is read.
    let (rows, dependents) = try context.tracker().read { try $0.roots(includeArchived: all) }
    if context.json {
      var writer = IssueArrayWriter()
      for row in rows {
        writer.add(RootView.row(row, dependents: dependents[row.id] ?? 0)) {
          context.output.standardOutput(bytes: $0)
        }
      }
      writer.finish { context.output.standardOutput(bytes: $0) }
      return
    }
    guard !rows.isEmpty else { return context.output.standardOutput("No issues.\n") }
    var table = Table("ID", "STATE", "PRIORITY", "DEPENDENTS", "TITLE")
    for row in rows {
      table.add(
        row.id.short, row.state.rawValue, row.priority.rawValue, String(dependents[row.id] ?? 0), row.title)
    }
    context.output.standardOutput(table.render())
  }
}

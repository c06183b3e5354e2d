import ArgumentParser

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

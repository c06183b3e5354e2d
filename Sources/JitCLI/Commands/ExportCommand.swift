import ArgumentParser
import JitApp
import JitCore
import JitWire

extension GraphExportFormat: ExpressibleByArgument {}

/// `jit export --format dot|mermaid`.
struct ExportCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "export", abstract: "Write the dependency graph as Graphviz DOT or a Mermaid flowchart.",
    discussion: """
      Edges run from a prerequisite to the issue that waits on it. Nodes show the short id, the \
      state and the title, and are coloured by state (--legend adds a key). With --issue, only that \
      issue's neighbourhood is drawn: its prerequisites and its dependents, --depth levels each way.

        jit export --format dot | dot -Tsvg > graph.svg
        jit export --format mermaid --issue 4GD4P9SX --depth 2 > graph.mmd

      With --json the text is wrapped: {"format": ..., "nodes": n, "edges": n, "text": ...}.
      """)

  @OptionGroup var global: GlobalOptions
  @Option(help: "dot or mermaid.") var format: GraphExportFormat
  @Option(help: "Draw only this issue's neighbourhood (id or unique suffix).") var issue: String?
  @Option(help: "With --issue: how many levels up and down to draw (default: all).") var depth: Int?
  @Flag(help: "Add a legend of the state colours.") var legend = false

  func validate() throws {
    if depth != nil && issue == nil { throw ValidationError("--depth needs --issue") }
    try OptionRange.check(depth, OptionRange.depth, option: "--depth")
  }

  func execute(_ context: CommandContext) throws {
    let export = try context.application().export(format, around: issue, depth: depth, legend: legend)
    try context.emit(
      ExportView(format: export.format.rawValue, nodes: export.nodes, edges: export.edges, text: export.text)
    ) { export.text }
  }
}

import ArgumentParser
import JitCLI
import Testing

/// Help text wraps to the terminal: ArgumentParser wraps a paragraph itself, so a discussion has no
/// hard line break inside a sentence (only between paragraphs, or before an indented example).
@Suite struct HelpTextTests {
  static func commands(_ command: any ParsableCommand.Type, path: String = "jit") -> [(String, String)] {
    [(path, command.configuration.discussion)]
      + command.configuration.subcommands.flatMap {
        commands($0, path: path + " " + ($0.configuration.commandName ?? "?"))
      }
  }

  @Test func noDiscussionBreaksALineInsideAParagraph() {
    let all = Self.commands(JitCommand.self)
    #expect(all.count > 40, "the whole command tree is checked")
    for (path, discussion) in all {
      let lines = discussion.split(separator: "\n", omittingEmptySubsequences: false)
      for (index, line) in lines.enumerated().dropLast() {
        let next = lines[index + 1]
        let breaksAParagraph = !line.isEmpty && !next.isEmpty && !next.hasPrefix(" ") && !line.hasPrefix(" ")
        #expect(!breaksAParagraph, "'\(path)': a line break inside a paragraph after \"\(line)\"")
      }
    }
  }

  @Test func helpIsWrappedToTheTerminalWidth() {
    let narrow = JitCommand.helpMessage(for: JitCommand.self, columns: 60)
    let wide = JitCommand.helpMessage(for: JitCommand.self, columns: 200)
    #expect(narrow.split(separator: "\n").allSatisfy { $0.count <= 60 })
    #expect(wide.split(separator: "\n").contains { $0.count > 100 }, "a wide terminal gets long lines")
  }
}

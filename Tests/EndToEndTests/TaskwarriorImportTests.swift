import Foundation
import JitTestSupport
import Testing

/// `jit import taskwarrior` of a real `task export` (Taskwarrior from Debian; `.ci/run` installs it).
@Suite struct TaskwarriorImportTests {
  @Test func aRealTaskExportIsImportedWithItsDependencies() throws {
    let jit = try BuiltBinary.path("jit")
    let task = try #require(
      ["/usr/bin/task", "/usr/local/bin/task"].first { FileManager.default.isExecutableFile(atPath: $0) },
      "taskwarrior is installed (apt-get install taskwarrior)")
    let home = try TemporaryDirectory()
    try Data("data.location=\(home.path)/data\nconfirmation=off\nverbose=nothing\n".utf8)
      .write(to: URL(fileURLWithPath: home.path + "/rc"))
    let environment = ["TASKRC": home.path + "/rc", "TASKDATA": home.path + "/data", "HOME": home.path]
    func run(_ arguments: String...) throws -> CommandResult {
      let result = try BuiltBinary.run(task, arguments, in: home.path, environment: environment)
      try #require(result.status == 0, "task \(arguments): \(result.stderr)")
      return result
    }
    _ = try run("add", "Design the schema", "priority:H")
    _ = try run("add", "Build the API", "depends:1", "project:web")
    _ = try run("add", "Write the docs", "depends:2", "priority:L", "+docs")
    _ = try run("1", "done")
    let export = try run("export")
    try Data(export.stdout.utf8).write(to: URL(fileURLWithPath: home.path + "/tasks.json"))

    let repo = try TemporaryRepository()
    let imported = try BuiltBinary.run(
      jit, ["import", "taskwarrior", home.path + "/tasks.json", "--json"], in: repo.root,
      environment: repo.environment)
    #expect(imported.status == 0, "\(imported.stderr)")
    let entries = try #require(try imported.object()["issues"] as? [[String: Any]])
    #expect(
      entries.compactMap { $0["title"] as? String } == [
        "Design the schema", "Build the API", "Write the docs",
      ])
    let ids = entries.compactMap { $0["id"] as? String }
    let schema = try repo.show(ids[0])
    #expect(schema["state"] as? String == "done")
    #expect(schema["priority"] as? String == "high")
    #expect((schema["context"] as? [String: String])?["imported_from"]?.hasPrefix("taskwarrior:") == true)
    let api = try repo.show(ids[1])
    #expect(api["state"] as? String == "ready")
    #expect(api["dependencies"] as? [String] == [ids[0]])
    #expect((api["context"] as? [String: String])?["project"] == "web")
    let docs = try repo.show(ids[2])
    #expect(docs["state"] as? String == "backlog")
    #expect(docs["priority"] as? String == "low")
    #expect((docs["context"] as? [String: String])?["tags"] == "docs")
    #expect(docs["dependencies"] as? [String] == [ids[1]])
  }
}

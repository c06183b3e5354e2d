import Foundation
import Testing

@testable import JitCore

/// How files under `.jit/` are read: regular files of a bounded size, links only into the
/// repository; and which errors a reader may pass over.
@Suite struct ConfinedReadTests {
  struct Fixture {
    let root: String
    let layout: RepositoryLayout
    let outside: String

    init() throws {
      let base = FileManager.default.temporaryDirectory.appendingPathComponent(
        "jit-read-\(UUID().uuidString)"
      ).path
      root = base + "/repo"
      outside = base + "/outside"
      layout = RepositoryLayout(jitDirectory: root + "/.jit")
      try FileManager.default.createDirectory(
        atPath: layout.issuesDirectory, withIntermediateDirectories: true)
      try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
    }

    func write(_ text: String, _ path: String) throws {
      try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    func refusal(_ path: String, limit: Int = RepositoryLayout.fileSizeLimit) -> String? {
      do {
        _ = try layout.read(path, limit: limit)
        return nil
      } catch let error as JitError {
        guard case .string(let why)? = error.details["refused"] else { return "not a refusal: \(error)" }
        return why
      } catch {
        return "\(error)"
      }
    }
  }

  @Test func aRegularFileAndALinkInsideTheRepositoryAreRead() throws {
    let fixture = try Fixture()
    let file = fixture.layout.issuesDirectory + "/a.json"
    try fixture.write("{}", file)
    #expect(try fixture.layout.read(file) == Array("{}".utf8))
    try fixture.write("kept", fixture.root + "/kept.txt")
    let link = fixture.layout.issuesDirectory + "/b.json"
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "../../kept.txt")
    #expect(try fixture.layout.read(link) == Array("kept".utf8))
    #expect(try fixture.layout.read(fixture.layout.issuesDirectory + "/missing.json") == nil)
  }

  @Test func linksOutOfTheRepositoryOrToNothingAndSpecialFilesAreRefused() throws {
    let fixture = try Fixture()
    try fixture.write("secret", fixture.outside + "/secret.txt")
    let cases: [(String, (String) throws -> Void, String)] = [
      (
        "out",
        {
          try FileManager.default.createSymbolicLink(
            atPath: $0, withDestinationPath: fixture.outside + "/secret.txt")
        }, "outside the repository"
      ),
      (
        "relative-out",
        {
          try FileManager.default.createSymbolicLink(
            atPath: $0, withDestinationPath: "../../../outside/secret.txt")
        }, "outside the repository"
      ),
      (
        "zero", { try FileManager.default.createSymbolicLink(atPath: $0, withDestinationPath: "/dev/zero") },
        "outside the repository"
      ),
      (
        "nowhere",
        { try FileManager.default.createSymbolicLink(atPath: $0, withDestinationPath: "/no/such") },
        "leads nowhere"
      ),
      ("fifo", { #expect(mkfifo($0, 0o644) == 0) }, "a FIFO"),
      (
        "directory",
        { try FileManager.default.createDirectory(atPath: $0, withIntermediateDirectories: false) },
        "a directory"
      ),
    ]
    for (name, make, reason) in cases {
      let path = fixture.layout.issuesDirectory + "/\(name).json"
      try make(path)
      let refused = fixture.refusal(path)
      #expect(refused?.contains(reason) == true, "\(name): \(refused ?? "read")")
    }
    let large = fixture.layout.issuesDirectory + "/large.json"
    try fixture.write(String(repeating: "x", count: 101), large)
    #expect(fixture.refusal(large, limit: 100)?.contains("over the size limit of 100 bytes") == true)
    #expect(fixture.refusal(large, limit: 101) == nil)
  }

  @Test func readersPassOverCorruptAndRefusedFilesOnly() throws {
    let corrupt = JitError.corruptFile(".jit/issues/X.json", "bad")
    #expect(SkippedFile(corrupt)?.path == ".jit/issues/X.json")
    let refused = JitError.refusedFile(".jit/issues/Y.json", .notRegular(kind: "a FIFO"), limit: 1)
    #expect(SkippedFile(refused)?.reason == "not a regular file (a FIFO)")
    #expect(SkippedFile(JitError.io("Permission denied", path: "/x")) == nil)
    #expect(SkippedFile(JitError.issueNotFound("ABCD")) == nil)
    let log = SkippedFileLog()
    log.record(try #require(SkippedFile(corrupt)))
    log.record(try #require(SkippedFile(corrupt)))
    #expect(log.drain().count == 1)
    #expect(log.drain().isEmpty)
  }

  @Test(arguments: [
    ("<<<<<<< HEAD\n{}\n=======\n{}\n>>>>>>> b\n", 1), ("{\n  \"a\": 1,\n=======\n", 3),
    ("{\"t\": \"<<<<<<< x\"}", nil),
    ("{}", nil), (">>>>>>>", 1),
  ])
  func conflictMarkersAreFoundAtTheStartOfALine(_ text: String, _ line: Int?) {
    #expect(JSONCoding.conflictMarkerLine(Array(text.utf8)) == line)
  }
}

import Foundation
import JitTestSupport
import Testing

/// `issue create --from -` and `jit batch -` read a pipe, as a script or an agent gives them.
@Suite struct BulkStdinTests {
  @Test func aPlanAndABatchArriveOnStandardInput() throws {
    let jit = BuiltBinary.shellQuoted(try BuiltBinary.path("jit"))
    let repo = try TemporaryRepository()
    let plan =
      #"{"issues":[{"name":"a","title":"First"},{"name":"b","title":"Second","dependencies":["a"]}]}"#
    let created = try BuiltBinary.run(
      "/bin/sh",
      ["-c", "printf '%s' \(BuiltBinary.shellQuoted(plan)) | \(jit) issue create --from - --json"],
      in: repo.root, environment: repo.environment)
    #expect(created.status == 0, "\(created.stderr)")
    let ids = try #require(try created.object()["issues"] as? [[String: Any]]).compactMap {
      $0["id"] as? String
    }
    #expect(ids.count == 2)
    #expect(try repo.show(ids[1])["dependencies"] as? [String] == [ids[0]])

    let ops =
      "{\"op\":\"claim\",\"id\":\"\(ids[0])\",\"to\":\"agent:w1\"}\n{\"op\":\"delete\",\"id\":\"\(ids[0])\"}\n"
    let refused = try BuiltBinary.run(
      "/bin/sh", ["-c", "printf '%s' \(BuiltBinary.shellQuoted(ops)) | \(jit) batch - --json"],
      in: repo.root, environment: repo.environment)
    #expect(refused.status == 4, "delete of an issue another depends on: \(refused.stdout)")
    let error = try refused.object()["error"] as? [String: Any]
    #expect(error?["code"] as? String == "HAS_DEPENDENTS")
    #expect((error?["details"] as? [String: Any])?["line"] as? Int == 2)
    #expect(try repo.state(ids[0]) == "ready", "the claim on line 1 was not kept")

    let empty = try BuiltBinary.run(
      "/bin/sh", ["-c", "\(jit) batch - --json < /dev/null"], in: repo.root, environment: repo.environment)
    #expect(empty.status == 2)
    #expect((try empty.object()["error"] as? [String: Any])?["code"] as? String == "INVALID_PLAN")
  }
}

import Foundation
import JitCore
import JitTestSupport
import JitWire
import Testing

/// `graph roots` streams index rows with `dependent_count` spliced in; the bytes must be what
/// encoding `RootView`s gives.
@Suite struct RootRowTests {
  @Test func splicedRootRowsEqualTheEncodedViews() throws {
    let directory = try TemporaryDirectory()
    try SyntheticRepository.generate(at: directory.path, count: 300, seed: 21)
    let tracker = Tracker.onDisk(
      RepositoryLayout(jitDirectory: directory.path + "/.jit"), clock: { Timestamp(millisecondsSince1970: 0) }
    )
    let issues = try tracker.store.loadAll()
    let rows = try tracker.read { try $0.roots(includeArchived: true) }
    var dependents: [IssueID: Int] = [:]
    for row in rows { dependents[row.id] = row.dependentCount }
    let roots = issues.filter { $0.dependencies.isEmpty }.sorted(by: Issue.workOrder)
    #expect(rows.map(\.id) == roots.map(\.id))
    #expect(roots.count > 10)
    for root in roots {
      #expect(dependents[root.id, default: 0] == issues.filter { $0.dependencies.contains(root.id) }.count)
    }
    let expected = try WireEncoder.document(
      roots.map { RootView(issue: $0, dependents: dependents[$0.id] ?? 0) })
    let spliced = IssueJSON.array(rows.map { RootView.row($0, dependents: dependents[$0.id] ?? 0) })
    #expect(
      String(decoding: spliced, as: UTF8.self) + "\n" == expected + (expected.hasSuffix("\n") ? "" : "\n"))
  }
}

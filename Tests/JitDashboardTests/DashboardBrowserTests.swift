import Foundation
import JitTestSupport
import Testing

/// The dashboard in a real browser (headless Chromium through Selenium): every view with its
/// content, user text shown as text, and the board moving by itself when another process claims.
/// Screenshots of each view are saved in `$JIT_TEST_ARTIFACTS/dashboard` (default
/// `.build/test-artifacts/dashboard`).
@Suite(.serialized) struct DashboardBrowserTests {
  @Test(
    .enabled(
      if: BrowserDriver.available,
      "Chromium is not installed here: apt-get install chromium chromium-driver and pip install selenium (.ci/run does)"
    ))
  func everyViewInABrowserAndTheBoardMovesLive() throws {
    let f = try DashboardFixture()
    let shots = try BrowserDriver.artifacts()
    let parser = f.id("parser")
    let views: [[String]] = [
      ["board", "/"], ["blocked", "/blocked"], ["issue-gated", "/issues/\(parser)"],
      ["issue-script-title", "/issues/\(f.id("script"))"], ["graph", "/graph?state=all"],
      ["graph-neighbourhood", "/graph?issue=\(f.id("api"))&depth=2"], ["agents", "/agents"],
      ["metrics", "/stats"],
      ["events", "/events"], ["inbox", "/inbox"],
    ]
    let answer = try BrowserDriver.drive(
      [
        "base": f.base, "shots": shots, "views": views, "jit": try DashboardFixture.jit(),
        "repo": f.repo.root,
        "env": f.repo.environment,
      ], in: f.repo.directory)
    let seen = try #require(answer["views"] as? [String: [String: Any]])
    func text(_ name: String) -> String { seen[name]?["text"] as? String ?? "" }
    for view in views {
      #expect(seen[view[0]]?["live"] as? Bool == true, "\(view[0]) did not connect its event stream")
      #expect(FileManager.default.fileExists(atPath: shots + "/\(view[0]).png"))
    }
    #expect(
      text("board").contains("Design the schema") && text("board").contains("IN PROGRESS"), "\(text("board"))"
    )
    #expect(text("blocked").contains("Cut the release"))
    // The gated issue says why it is not done: the failed check, its output and exit code.
    let gated = text("issue-gated")
    #expect(gated.contains("What stands between it and done") && gated.contains("unit-tests"), "\(gated)")
    #expect(gated.contains("FAIL: testParser expected 3 got 4") && gated.contains("exit code"), "\(gated)")
    #expect(gated.contains("review"))
    // The title is text, shown as typed, and no script of it ran.
    #expect(text("issue-script-title").contains(DashboardFixture.scriptTitle))
    #expect(seen["issue-script-title"]?["title"] as? String == DashboardFixture.scriptTitle + " · jit")
    #expect(
      (answer["dialogs"] as? [String] ?? ["?"]).isEmpty,
      "a script from user text ran: \(answer["dialogs"] ?? "")")
    #expect((seen["graph"]?["svg"] as? Int ?? 0) >= 9)
    #expect(text("agents").contains("agent:beta"))
    #expect(text("metrics").contains("Lead and cycle time"))
    #expect(text("events").contains("gate.checked"))
    #expect(text("inbox").contains("Fix the parser"))
    #expect(
      (answer["errors"] as? [String] ?? ["?"]).isEmpty, "browser errors (CSP?): \(answer["errors"] ?? "")")
    let live = try #require(answer["live"] as? [String: Any])
    #expect(live["appeared"] as? Bool == true, "the new issue never appeared: \(live)")
    #expect(live["moved"] as? Bool == true, "the claimed issue never moved to in progress: \(live)")
    #expect(live["same_document"] as? String == "yes", "the page was reloaded")
  }
}

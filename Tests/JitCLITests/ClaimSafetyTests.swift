import Foundation
import JitTestSupport
import Testing

/// Claims never hand out work that is not really ready, and the author of gated work stays put.
@Suite struct ClaimSafetyTests {
  /// A repository where X depends on D, D is done and X ready; then D's file is changed as a merge
  /// with a branch that reopened D would change it, leaving X's file saying `ready`.
  func staleReady() throws -> (TemporaryRepository, dependency: String, dependent: String) {
    let repo = try TemporaryRepository()
    let dependency = try repo.create("D")
    let dependent = try repo.create("X", "--dep", dependency, "--priority", "high")
    #expect(repo.run("issue", "claim", dependency, "--to", "agent:w").status == 0)
    #expect(repo.run("issue", "complete", dependency).status == 0)
    #expect(try repo.state(dependent) == "ready")
    try repo.editIssue(dependency) { $0["state"] = "ready" }
    return (repo, dependency, dependent)
  }

  @Test func claimDerivesReadinessInsteadOfTrustingTheFile() throws {
    let (repo, dependency, dependent) = try staleReady()
    let before = try repo.snapshot()
    let result = repo.run("issue", "claim", dependent, "--to", "agent:w", "--json")
    #expect(result.status == 4)
    #expect(result.errorCode == "NOT_READY")
    #expect(result.stderr.contains("validate --fix"))
    let details = try #require((try result.object()["error"] as? [String: Any])?["details"] as? [String: Any])
    let blockers = try #require(
      (details["blocked_by"] as? [String: Any])?["dependencies"] as? [[String: Any]])
    #expect(blockers.first?["id"] as? String == dependency)
    #expect(try repo.snapshot() == before)
  }

  @Test func claimNextPassesOverAStaleReadyIssue() throws {
    let (repo, _, dependent) = try staleReady()
    let spare = try repo.create("spare", "--priority", "low")
    let result = repo.run("issue", "claim-next", "--to", "agent:w", "--json")
    #expect(result.status == 0)
    #expect(try result.object()["id"] as? String == spare, "the high-priority X is not really ready")
    // The write also corrected X's stale state, with an event saying why.
    #expect(try repo.state(dependent) == "backlog")
    let corrected = try repo.events().last { $0["id"] as? String == dependent }
    #expect(corrected?["event"] as? String == "issue.state_changed")
    #expect(corrected?["to"] as? String == "backlog")
    #expect(repo.run("issue", "claim-next", "--to", "agent:w", "--json").errorCode == "NO_READY_ISSUE")
  }

  @Test func notReadyAlwaysCarriesBlockedBy() throws {
    let repo = try TemporaryRepository()
    let id = try repo.create("work")
    #expect(repo.run("issue", "claim", id, "--to", "agent:a").status == 0)
    #expect(repo.run("issue", "complete", id).status == 0)
    // Done work is not there to take, for its own assignee or anyone else: the same refusal.
    for claimer in ["agent:b", "agent:a"] {
      let result = repo.run("issue", "claim", id, "--to", claimer, "--json")
      #expect(result.status == 4)
      #expect(result.errorCode == "NOT_READY")
    }
    let other = try repo.create("other")
    #expect(repo.run("issue", "archive", other).status == 0)
    let archived = repo.run("issue", "claim", other, "--to", "agent:b", "--json")
    #expect(archived.errorCode == "NOT_READY")
    let details = try #require(
      (try archived.object()["error"] as? [String: Any])?["details"] as? [String: Any])
    #expect(details["blocked_by"] is [String: Any])
  }

  @Test func claimingWhatYouHoldIsASuccessThatWritesNothing() throws {
    let repo = try TemporaryRepository()
    let id = try repo.create("work")
    #expect(repo.run("issue", "claim", id, "--to", "agent:a").status == 0)
    let before = try repo.snapshot()
    let again = repo.run("issue", "claim", id, "--to", "agent:a", "--json")
    #expect(again.status == 0)
    #expect(try again.object()["state"] as? String == "in_progress")
    #expect(try repo.snapshot() == before)
    #expect(repo.run("issue", "claim", id, "--to", "agent:b").status == 5)
  }

  @Test(arguments: [["issue", "unassign", "ID"], ["issue", "assign", "ID", "--to", "human:other"]])
  func theAuthorOfGatedWorkCannotBeChanged(_ arguments: [String]) throws {
    let repo = try TemporaryRepository()
    #expect(repo.run("gate", "define", "review", "--title", "Review").status == 0)
    let id = try repo.create("work", "--gate", "review")
    #expect(repo.run("issue", "claim", id, "--to", "human:dev").status == 0)
    #expect(repo.run("issue", "complete", id, "--by", "human:dev").status == 0)
    #expect(try repo.state(id) == "gated")
    let before = try repo.snapshot()
    let result = repo.run(arguments.map { $0 == "ID" ? id : $0 } + ["--json"])
    #expect(result.status == 4)
    #expect(result.errorCode == "INVALID_TRANSITION")
    #expect(try repo.snapshot() == before)
    // So the author still cannot approve their own work.
    let selfApproval = repo.run("gate", "pass", id, "review", "--by", "human:dev", "--json")
    #expect(selfApproval.errorCode == "SELF_APPROVAL")
  }
}

/// `status` and `query blocked` answer from one definition of blocked.
@Suite struct BlockedDefinitionTests {
  @Test func statusCountsWhatQueryBlockedLists() throws {
    let repo = try TemporaryRepository()
    #expect(repo.run("gate", "define", "review", "--title", "Review").status == 0)
    #expect(repo.run("gate", "define", "design", "--title", "Design", "--stage", "precheck").status == 0)
    let gated = try repo.create("gated work", "--gate", "review")
    #expect(repo.run("issue", "claim", gated, "--to", "agent:a").status == 0)
    #expect(repo.run("issue", "complete", gated, "--by", "agent:a").status == 0)
    let waiting = try repo.create("waits for gated", "--dep", gated)
    let precheck = try repo.create("needs design", "--gate", "design")
    _ = try repo.create("free")
    for environment in [[:], ["JIT_NO_INDEX": "1"]] {
      let listed = try repo.run(["query", "blocked", "--json"], environment: environment).array()
      #expect(Set(listed.compactMap { $0["id"] as? String }) == [gated, waiting, precheck])
      let status = try repo.run(["status", "--json"], environment: environment).object()
      #expect(status["blocked"] as? Int == listed.count)
    }
  }
}

extension BlockedDefinitionTests {
  @Test func aGateTurnedPrecheckBlocksAtOnceWithTheIndexToo() throws {
    let repo = try TemporaryRepository()
    #expect(repo.run("gate", "define", "design", "--title", "Design").status == 0)
    let id = try repo.create("work", "--gate", "design")
    #expect(try repo.run("query", "blocked", "--json").array().isEmpty)
    #expect(repo.run("gate", "define", "design", "--update", "--stage", "precheck").status == 0)
    #expect(try repo.state(id) == "backlog")
    for environment in [[:], ["JIT_NO_INDEX": "1"]] {
      let listed = try repo.run(["query", "blocked", "--json"], environment: environment).array()
      #expect(listed.compactMap { $0["id"] as? String } == [id], "environment \(environment)")
      let shown = try repo.run(["gate", "show", "design", "--json"], environment: environment).object()
      #expect(shown["required_by"] as? [String] == [id], "environment \(environment)")
    }
  }
}

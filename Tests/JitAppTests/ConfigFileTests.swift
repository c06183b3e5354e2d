import JitApp
import JitCore
import Testing

@testable import JitConfigFile

/// `.jit/config.toml`: the store and the `[repositories]` aliases, and nothing that could hold a
/// secret.
@Suite struct ConfigFileTests {
  func parse(_ text: String) throws -> RepositorySettings {
    try ConfigFile.parse(text, path: ".jit/config.toml")
  }

  func refusal(_ text: String) -> JitError? {
    do {
      _ = try parse(text)
      return nil
    } catch let error as JitError {
      return error
    } catch {
      return nil
    }
  }

  @Test func aliasesAreAPathOrAPostgreSQLStoreNamedByItsVariable() throws {
    let settings = try parse(
      """
      store = "files"
      [repositories]
      api = "../api"
      billing-2 = { store = "postgresql", database_env = "JIT_BILLING_DATABASE_URL" }
      """)
    #expect(settings.store == "files")
    #expect(settings.repositories["api"] == .path("../api"))
    #expect(settings.repositories["billing-2"] == .postgresql(databaseEnv: "JIT_BILLING_DATABASE_URL"))
    #expect(settings.needsPostgreSQL)
    #expect(try !parse("[repositories]\napi = \"/srv/api\"\n").needsPostgreSQL)
    #expect(try parse("store = \"postgresql\"\n").needsPostgreSQL)
    #expect(try parse("").repositories.isEmpty)
  }

  @Test(arguments: [
    "url = \"postgresql://u:p@h/db\"\n",
    "[repositories]\napi = { store = \"postgresql\", database_env = \"postgresql://u:p@h/db\" }\n",
    "[repositories]\napi = { store = \"postgresql\", url = \"postgresql://h/db\", database_env = \"X\" }\n",
    "[repositories]\napi = { store = \"files\", database_env = \"X\" }\n",
    "[repositories]\nApi = \"../api\"\n",
    "[repositories]\napi = \"\"\n",
    "[repositories]\napi = 3\n",
    "repositories = \"../api\"\n",
    "[repositories\napi = \"../api\"\n",
    "store = \"sqlite\"\n",
  ])
  func anythingElseIsACorruptFileNamingThePath(text: String) {
    let error = refusal(text)
    #expect(error?.code == .corruptFile, "\(text)")
    #expect(error?.message.contains(".jit/config.toml") == true, "\(String(describing: error))")
  }
}

import JitApp
import JitCLI
import JitConfigFile
import JitPostgresProvider
import JitSystem

// jit with the PostgreSQL store: the same commands. The static jit hands it the repositories
// whose .jit/config.toml it cannot read (docs/postgresql.md#linking).
ConfigFile.install()
StoreComposition.install(PostgresProvider())
exit(JitCLI.runProcess())

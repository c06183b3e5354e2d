import JitApp
import JitCLI
import JitPostgresProvider
import JitSystem

// jit with the PostgreSQL store: the same commands. The static jit hands it the repositories
// whose .jit/config.toml it cannot read (docs/postgresql.md#linking).
StoreComposition.install(PostgresProvider())
exit(JitCLI.runProcess())

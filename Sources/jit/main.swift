import JitCLI
import JitConfigFile
import JitSystem

// .jit/config.toml is read here too (JitConfigFile): only a repository that needs the PostgreSQL
// store (its own, or an alias's) is handed to jit-pg (JitCLI's Companion).
ConfigFile.install()
exit(JitCLI.runProcess())

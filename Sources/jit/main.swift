import JitCLI
import JitSystem

exit(JitCLI.runProcess())

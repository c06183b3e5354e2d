// The one place jit imports the C library. jit builds for Linux (glibc) only; the functions glibc
// declares only under _GNU_SOURCE come from CJitSystem's header. Every target that makes system
// calls imports this module instead of Glibc.
@_exported import CJitSystem
@_exported import Glibc

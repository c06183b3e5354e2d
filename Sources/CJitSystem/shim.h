// C library functions that Swift's Glibc module hides (glibc declares them only under
// _GNU_SOURCE). Declared here so that they link directly: a jit built as a static executable has
// no dynamic symbol table for dlsym to search. No library to link; nothing to build.
#include <spawn.h>

#if defined(__linux__)
int posix_spawn_file_actions_addchdir_np(posix_spawn_file_actions_t *actions, const char *path);
int pipe2(int fds[2], int flags);
int syncfs(int fd);
// glibc 2.34+; used only by jit-dispatch (JitDispatch), so that agents and the daemon inherit no
// descriptor of the dispatcher or of whoever started it (a test harness's socket, a lock).
int posix_spawn_file_actions_addclosefrom_np(posix_spawn_file_actions_t *actions, int from);
#endif

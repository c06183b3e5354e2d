// jit-measure: runs a command and reports its exit status, wall time and peak resident memory, as
// jit-bench's measurements. jit-bench cannot take the peak from its own posix_spawn: the child
// starts in the parent's address space, and Linux counts that address space's high-water mark into
// the child's ru_maxrss at exec, so the figure would include jit-bench's own memory. This program
// is small, and the command starts in its small address space instead.
//
//   jit-measure REPORT STDOUT COMMAND [ARG...]
//
// STDOUT is where the command's standard output goes ("-" for /dev/null); standard input and error
// are /dev/null. REPORT receives one line: "<exit status> <wall nanoseconds> <peak RSS in KiB>".
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static long long nanoseconds(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (long long)now.tv_sec * 1000000000LL + now.tv_nsec;
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: jit-measure REPORT STDOUT COMMAND [ARG...]\n");
    return 2;
  }
  const char *report = argv[1];
  const char *output = strcmp(argv[2], "-") == 0 ? "/dev/null" : argv[2];
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  long long started = nanoseconds();
  pid_t pid;
  if (posix_spawn(&pid, argv[3], &actions, NULL, argv + 3, environ) != 0) return 2;
  int status = 0;
  struct rusage usage;
  while (wait4(pid, &status, 0, &usage) < 0) {
    if (errno != EINTR) return 2;
  }
  long long elapsed = nanoseconds() - started;
  int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  FILE *file = fopen(report, "w");
  if (file == NULL) return 2;
  fprintf(file, "%d %lld %ld\n", code, elapsed, usage.ru_maxrss);
  return fclose(file) == 0 ? 0 : 2;
}

/* spawn_limit.c - the physical-limit reference for bench/compare.sh: how many
 * fork + execve("/bin/true") + waitpid cycles per second this machine does in a
 * tight loop. Nothing a workload manager does per job can beat this.
 * usage: spawn_limit [max_count=5000] [max_seconds=3]  -> prints "spawn_rate R execs/s"
 * and "spawn_count N count". Bounded by both count and time. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
  long max_count = argc > 1 ? atol(argv[1]) : 5000;
  double max_seconds = argc > 2 ? atof(argv[2]) : 3.0;
  char *const child_argv[] = {"true", NULL};
  long n = 0, failures = 0;
  double t0 = now(), t = t0;
  while (n < max_count && t - t0 < max_seconds) {
    pid_t pid = fork();
    if (pid < 0) { perror("fork"); return 1; }
    if (pid == 0) {
      execve("/bin/true", child_argv, environ);
      _exit(127);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) ++failures;
    ++n;
    t = now();
  }
  if (n == 0 || t <= t0) { fprintf(stderr, "no iterations\n"); return 1; }
  printf("spawn_rate %.1f execs/s\nspawn_count %ld count\nspawn_failures %ld count\n", n / (t - t0), n, failures);
  return failures ? 1 : 0;
}

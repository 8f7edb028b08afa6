/*
 * The benchmark's stand-in for a slower disk (save-disk): loaded with LD_PRELOAD into a process, it
 * makes every fsync and fdatasync take FLUSH_DELAY_US microseconds more, plus the bytes written to
 * that file since its last flush at FLUSH_MB_S megabytes a second. Flushes are taken one at a time,
 * as a disk takes them: a checkpoint's flush on another thread holds up a commit's, as it would.
 * Only the flush is slowed: a real disk's queue, cache and seeks are not modelled, and writes and
 * reads stay as fast as this machine's. Built by test/bench/scenarios/save-disk.ts with `cc`.
 * (SQLite, as better-sqlite3 builds it, writes with pwrite64 and flushes with fsync.)
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#define MAX_FD 4096

typedef ssize_t (*pwrite_fn)(int, const void *, size_t, off_t);
typedef int (*fd_fn)(int);

static pwrite_fn real_pwrite, real_pwrite64;
static fd_fn real_fsync, real_fdatasync, real_close;
static long long pending[MAX_FD];
static long fixed_us;
static double megabytes_a_second;
static pthread_mutex_t disk = PTHREAD_MUTEX_INITIALIZER;

/* Before any thread starts: the real functions and the settings, read once. */
__attribute__((constructor)) static void init(void) {
  real_pwrite = (pwrite_fn)dlsym(RTLD_NEXT, "pwrite");
  real_pwrite64 = (pwrite_fn)dlsym(RTLD_NEXT, "pwrite64");
  real_fsync = (fd_fn)dlsym(RTLD_NEXT, "fsync");
  real_fdatasync = (fd_fn)dlsym(RTLD_NEXT, "fdatasync");
  real_close = (fd_fn)dlsym(RTLD_NEXT, "close");
  const char *fixed = getenv("FLUSH_DELAY_US"), *rate = getenv("FLUSH_MB_S");
  fixed_us = fixed ? atol(fixed) : 0;
  megabytes_a_second = rate ? atof(rate) : 0;
}

static void count(int fd, ssize_t written) {
  if (written > 0 && fd >= 0 && fd < MAX_FD) __atomic_add_fetch(&pending[fd], written, __ATOMIC_RELAXED);
}

/* Sleeps until `us` microseconds after now, whatever signals come meanwhile. */
static void pause_for(double us) {
  struct timespec until;
  clock_gettime(CLOCK_MONOTONIC, &until);
  long long ns = until.tv_nsec + (long long)(us * 1000);
  until.tv_sec += ns / 1000000000;
  until.tv_nsec = ns % 1000000000;
  while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, 0) == EINTR) {
  }
}

static int flush(fd_fn real, int fd) {
  pthread_mutex_lock(&disk);
  int result = real(fd);
  long long bytes = fd >= 0 && fd < MAX_FD ? __atomic_exchange_n(&pending[fd], 0, __ATOMIC_RELAXED) : 0;
  /* Bytes over megabytes a second is microseconds. */
  double us = fixed_us + (megabytes_a_second > 0 ? bytes / megabytes_a_second : 0);
  if (us > 0) pause_for(us);
  pthread_mutex_unlock(&disk);
  return result;
}

/* Should anything call in before the constructor has run, it runs first (no thread exists yet). */
#define READY(real) \
  if (!real) init()

ssize_t pwrite(int fd, const void *buffer, size_t size, off_t offset) {
  READY(real_pwrite);
  ssize_t written = real_pwrite(fd, buffer, size, offset);
  count(fd, written);
  return written;
}

ssize_t pwrite64(int fd, const void *buffer, size_t size, off_t offset) {
  READY(real_pwrite64);
  ssize_t written = real_pwrite64(fd, buffer, size, offset);
  count(fd, written);
  return written;
}

int fsync(int fd) {
  READY(real_fsync);
  return flush(real_fsync, fd);
}

int fdatasync(int fd) {
  READY(real_fdatasync);
  return flush(real_fdatasync, fd);
}

/* A file closed unflushed leaves nothing pending for the next file given its number. */
int close(int fd) {
  READY(real_close);
  if (fd >= 0 && fd < MAX_FD) __atomic_store_n(&pending[fd], 0, __ATOMIC_RELAXED);
  return real_close(fd);
}

/*
 * The benchmark's stand-in for a slower disk (save-disk): loaded with LD_PRELOAD into a process, it
 * makes every fsync and fdatasync take FLUSH_DELAY_US microseconds more, plus the bytes written to
 * that file since its last flush at FLUSH_MB_S megabytes a second. Only the flush is slowed: a real
 * disk's queue, cache and seeks are not modelled, and writes and reads stay as fast as this machine's.
 * Built by test/bench/scenarios/save-disk.ts with the system's C compiler.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#define MAX_FD 4096

static long long pending[MAX_FD];
static long fixed_us = -1;
static double megabytes_a_second = 0;

static void count(int fd, ssize_t written) {
  if (written > 0 && fd >= 0 && fd < MAX_FD) __atomic_add_fetch(&pending[fd], written, __ATOMIC_RELAXED);
}

static void after_flush(int fd) {
  if (fixed_us < 0) {
    const char *fixed = getenv("FLUSH_DELAY_US"), *rate = getenv("FLUSH_MB_S");
    megabytes_a_second = rate ? atof(rate) : 0;
    fixed_us = fixed ? atol(fixed) : 0;
  }
  long long bytes = fd >= 0 && fd < MAX_FD ? __atomic_exchange_n(&pending[fd], 0, __ATOMIC_RELAXED) : 0;
  /* Bytes over megabytes a second is microseconds. */
  double us = fixed_us + (megabytes_a_second > 0 ? bytes / megabytes_a_second : 0);
  if (us <= 0) return;
  struct timespec pause = {(time_t)(us / 1e6), (long)((us - (double)(time_t)(us / 1e6) * 1e6) * 1000)};
  nanosleep(&pause, 0);
}

typedef ssize_t (*pwrite_fn)(int, const void *, size_t, off_t);
typedef ssize_t (*write_fn)(int, const void *, size_t);
typedef int (*sync_fn)(int);

#define REAL(name, type)                                                                           \
  static type real_##name;                                                                         \
  if (!real_##name) real_##name = (type)dlsym(RTLD_NEXT, #name)

ssize_t pwrite(int fd, const void *buffer, size_t size, off_t offset) {
  REAL(pwrite, pwrite_fn);
  ssize_t written = real_pwrite(fd, buffer, size, offset);
  count(fd, written);
  return written;
}

ssize_t pwrite64(int fd, const void *buffer, size_t size, off_t offset) {
  REAL(pwrite64, pwrite_fn);
  ssize_t written = real_pwrite64(fd, buffer, size, offset);
  count(fd, written);
  return written;
}

ssize_t write(int fd, const void *buffer, size_t size) {
  REAL(write, write_fn);
  ssize_t written = real_write(fd, buffer, size);
  count(fd, written);
  return written;
}

int fsync(int fd) {
  REAL(fsync, sync_fn);
  int result = real_fsync(fd);
  after_flush(fd);
  return result;
}

int fdatasync(int fd) {
  REAL(fdatasync, sync_fn);
  int result = real_fdatasync(fd);
  after_flush(fd);
  return result;
}

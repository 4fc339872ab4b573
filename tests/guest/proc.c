/*
 * tests/guest/proc.c - the process calls of lib/posix-process seen from an
 * ordinary musl program: ids and credentials, uname, sysinfo, resource
 * limits, CPU affinity, getcwd, signal state and synchronous delivery,
 * kill/tkill/tgkill, and getrandom. Each call is checked through musl's
 * wrapper and, where musl adds checks of its own or hides the kernel's
 * answer, through syscall(2), for values and errno on the error paths.
 *
 * proc.sh boots it as "uk.hostname=... uk.stack_size=... -- HOSTNAME
 * STACKSIZE", so the guest knows what uname and RLIMIT_STACK must say.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "musl_tap.h"


static void ids(void)
{
	int tid_word = 0;

	check(getpid() == 1, "getpid() is 1");
	check(getppid() == 0, "getppid() is 0");
	check(syscall(SYS_gettid) == 1, "gettid is 1");
	check(syscall(SYS_set_tid_address, &tid_word) == 1,
	      "set_tid_address returns the tid");
	check(getuid() == 0 && geteuid() == 0 && getgid() == 0 &&
		  getegid() == 0,
	      "uid, euid, gid and egid are 0");
}

static void names(const char *hostname)
{
	struct utsname u;

	memset(&u, 'x', sizeof(u));
	check(uname(&u) == 0, "uname succeeds");
	check(strcmp(u.sysname, "Linux") == 0, "sysname \"%s\" is Linux",
	      u.sysname);
	check(strcmp(u.nodename, hostname) == 0, "nodename \"%s\", want \"%s\"",
	      u.nodename, hostname);
	check(strncmp(u.release, "6.", 2) == 0 && strstr(u.release, "libuk"),
	      "release \"%s\" looks like Linux 6 and names libuk", u.release);
	check(strncmp(u.version, "libuk ", 6) == 0 && u.version[6],
	      "version \"%s\" names libuk and its version", u.version);
#if defined(__aarch64__)
	check(strcmp(u.machine, "aarch64") == 0, "machine \"%s\"", u.machine);
#else
	check(strcmp(u.machine, "x86_64") == 0, "machine \"%s\"", u.machine);
#endif
	check(strcmp(u.domainname, "(none)") == 0, "domainname \"%s\"",
	      u.domainname);
	check(FAILS(syscall(SYS_uname, NULL), EFAULT), "uname(NULL): EFAULT");
}

static void system_info(void)
{
	struct sysinfo si;

	memset(&si, 0xff, sizeof(si));
	check(sysinfo(&si) == 0, "sysinfo succeeds");
	check(si.mem_unit == 1 && si.procs == 1,
	      "mem_unit 1 (%u), procs 1 (%u)", si.mem_unit, si.procs);
	check(si.totalram > (1UL << 20) && si.totalram < (1UL << 30),
	      "totalram is the RAM we have (%lu bytes)", si.totalram);
	check(si.freeram > 0 && si.freeram <= si.totalram,
	      "freeram %lu is within totalram", si.freeram);
	check(si.uptime >= 1 && si.uptime < 600,
	      "uptime %lu s, rounded up from the monotonic clock", si.uptime);
	check(si.totalswap == 0 && si.loads[0] == 0 && si.sharedram == 0,
	      "no swap, load or shared memory");
}

static void limits(unsigned long long stack)
{
	struct rlimit r, o;

	int rc = getrlimit(RLIMIT_STACK, &r);

	/* Without a size given, the default: any, but soft = hard. */
	if (!stack)
		stack = r.rlim_cur >= 65536 ? r.rlim_cur : 65536;
	check(rc == 0 && r.rlim_cur == stack && r.rlim_max == stack,
	      "RLIMIT_STACK is the main stack's size (%llu/%llu, want %llu)",
	      (unsigned long long)r.rlim_cur, (unsigned long long)r.rlim_max,
	      stack);
	check(getrlimit(RLIMIT_NOFILE, &r) == 0 && r.rlim_cur == 1024 &&
		  r.rlim_max == 65536,
	      "RLIMIT_NOFILE 1024/65536");
	check(getrlimit(RLIMIT_AS, &r) == 0 && r.rlim_cur == RLIM_INFINITY &&
		  r.rlim_max == RLIM_INFINITY,
	      "RLIMIT_AS unlimited");
	check(getrlimit(RLIMIT_DATA, &r) == 0 && r.rlim_cur == RLIM_INFINITY,
	      "RLIMIT_DATA unlimited");
	check(getrlimit(RLIMIT_CORE, &r) == 0 && r.rlim_cur == 0 &&
		  r.rlim_max == RLIM_INFINITY,
	      "RLIMIT_CORE 0/unlimited");

	r = (struct rlimit){256, 1024};
	check(setrlimit(RLIMIT_NOFILE, &r) == 0, "setrlimit lowers NOFILE");
	check(getrlimit(RLIMIT_NOFILE, &o) == 0 && o.rlim_cur == 256 &&
		  o.rlim_max == 1024,
	      "getrlimit reports the new NOFILE limit");
	r = (struct rlimit){2048, 1024};
	check(FAILS(setrlimit(RLIMIT_NOFILE, &r), EINVAL),
	      "setrlimit with soft > hard: EINVAL");
	r = (struct rlimit){1024, 65537};
	check(FAILS(setrlimit(RLIMIT_NOFILE, &r), EPERM),
	      "NOFILE beyond the descriptor table's 65536: EPERM");
	check(FAILS(getrlimit(99, &r), EINVAL), "getrlimit(99): EINVAL");
	check(FAILS(syscall(SYS_getrlimit, 16, &r), EINVAL),
	      "getrlimit system call, resource 16: EINVAL");
	check(syscall(SYS_getrlimit, RLIMIT_NOFILE, &r) == 0 &&
		  r.rlim_cur == 256,
	      "getrlimit system call agrees");

	r = (struct rlimit){10, 20};
	check(prlimit(0, RLIMIT_CPU, &r, &o) == 0 &&
		  o.rlim_cur == RLIM_INFINITY,
	      "prlimit(0) sets and returns the old value");
	check(prlimit(1, RLIMIT_CPU, NULL, &o) == 0 && o.rlim_cur == 10 &&
		  o.rlim_max == 20,
	      "prlimit(1) reads it back");
	check(FAILS(prlimit(2, RLIMIT_CPU, NULL, &o), ESRCH),
	      "prlimit(2): ESRCH");
	check(FAILS(prlimit(0, 16, NULL, &o), EINVAL),
	      "prlimit resource 16: EINVAL");
}

static void cpus_and_cwd(void)
{
	cpu_set_t set;
	uint64_t mask[2] = {0, 0};
	char buf[64];

	check(sched_getaffinity(0, sizeof(set), &set) == 0 &&
		  CPU_COUNT(&set) == 1 && CPU_ISSET(0, &set),
	      "sched_getaffinity: CPU 0 only");
	check(syscall(SYS_sched_getaffinity, 0, 16, mask) == 8 && mask[0] == 1,
	      "the system call writes and returns 8 bytes");
	check(FAILS(syscall(SYS_sched_getaffinity, 0, 4, mask), EINVAL),
	      "a 4-byte mask: EINVAL");
	check(FAILS(syscall(SYS_sched_getaffinity, 0, 12, mask), EINVAL),
	      "a 12-byte mask: EINVAL");
	check(FAILS(syscall(SYS_sched_getaffinity, 2, 8, mask), ESRCH),
	      "another pid: ESRCH");
	check(sched_yield() == 0, "sched_yield");

	check(getcwd(buf, sizeof(buf)) == buf && strcmp(buf, "/") == 0,
	      "getcwd is \"/\"");
	errno = 0;
	check(getcwd(buf, 1) == NULL && errno == ERANGE,
	      "getcwd into 1 byte: ERANGE");
	check(syscall(SYS_getcwd, buf, sizeof(buf)) == 2,
	      "the system call returns the length with the NUL");
	check(FAILS(syscall(SYS_getcwd, buf, 0), ERANGE), "size 0: ERANGE");
}

static volatile int handled, last_sig, last_code, last_pid;

static void on_signal(int sig)
{
	handled++;
	last_sig = sig;
}

static void on_siginfo(int sig, siginfo_t *si, void *ctx)
{
	(void)ctx;
	handled++;
	last_sig = sig;
	last_code = si->si_code;
	last_pid = si->si_pid;
}

static void signal_state(void)
{
	struct sigaction sa, old;
	sigset_t set, cur;
	stack_t ss, oss;
	static char altmem[16384];
	uint64_t k[4] = {0};

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGUSR2);
	check(sigaction(SIGUSR1, &sa, &old) == 0 && old.sa_handler == SIG_DFL,
	      "sigaction installs a handler; the old one was SIG_DFL");
	memset(&old, 0, sizeof(old));
	check(sigaction(SIGUSR1, NULL, &old) == 0 &&
		  old.sa_handler == on_signal && (old.sa_flags & SA_RESTART) &&
		  sigismember(&old.sa_mask, SIGUSR2) &&
		  !sigismember(&old.sa_mask, SIGINT),
	      "the old action round-trips (handler, flags, mask)");
	check(FAILS(sigaction(SIGKILL, &sa, NULL), EINVAL), "SIGKILL: EINVAL");
	check(FAILS(sigaction(SIGSTOP, &sa, NULL), EINVAL), "SIGSTOP: EINVAL");
	check(FAILS(syscall(SYS_rt_sigaction, SIGUSR1, NULL, k, 4), EINVAL),
	      "rt_sigaction with sigsetsize 4: EINVAL");
	check(FAILS(syscall(SYS_rt_sigaction, 65, NULL, k, 8), EINVAL),
	      "rt_sigaction signal 65: EINVAL");
	check(FAILS(syscall(SYS_rt_sigaction, 0, NULL, k, 8), EINVAL),
	      "rt_sigaction signal 0: EINVAL");

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	check(sigprocmask(SIG_BLOCK, &set, NULL) == 0,
	      "sigprocmask blocks SIGUSR1");
	check(sigprocmask(SIG_SETMASK, NULL, &cur) == 0 &&
		  sigismember(&cur, SIGUSR1),
	      "the mask reads back");
	handled = 0;
	check(raise(SIGUSR1) == 0 && handled == 0, "a blocked signal waits");
	check(sigprocmask(SIG_UNBLOCK, &set, NULL) == 0 && handled == 1 &&
		  last_sig == SIGUSR1,
	      "unblocking delivers it");
	check(FAILS(syscall(SYS_rt_sigprocmask, 7, k, NULL, 8), EINVAL),
	      "rt_sigprocmask how 7: EINVAL");
	check(
	    FAILS(syscall(SYS_rt_sigprocmask, SIG_BLOCK, k, NULL, 16), EINVAL),
	    "rt_sigprocmask sigsetsize 16: EINVAL");

	ss = (stack_t){.ss_sp = altmem, .ss_size = sizeof(altmem)};
	check(sigaltstack(&ss, &oss) == 0 && (oss.ss_flags & SS_DISABLE),
	      "sigaltstack sets a stack; none before");
	check(sigaltstack(NULL, &oss) == 0 && oss.ss_sp == altmem &&
		  oss.ss_size == sizeof(altmem) && oss.ss_flags == 0,
	      "sigaltstack reads it back");
	ss.ss_size = 1024;
	check(FAILS(syscall(SYS_sigaltstack, &ss, NULL), ENOMEM),
	      "a 1 KiB alternate stack: ENOMEM");
	ss.ss_size = sizeof(altmem);
	ss.ss_flags = 4;
	check(FAILS(syscall(SYS_sigaltstack, &ss, NULL), EINVAL),
	      "unknown sigaltstack flags: EINVAL");
}

static void sending(void)
{
	struct sigaction sa;

	handled = 0;
	check(kill(getpid(), SIGUSR1) == 0 && handled == 1,
	      "kill(getpid()) runs the handler");
	check(kill(0, SIGUSR1) == 0 && handled == 2,
	      "kill(0) reaches our process group");
	check(kill(1, 0) == 0 && handled == 2, "signal 0 only checks");
	check(FAILS(kill(2, 0), ESRCH), "kill(2): ESRCH");
	check(FAILS(kill(-1, SIGUSR1), ESRCH), "kill(-1): ESRCH");
	check(FAILS(kill(1, 65), EINVAL), "kill with signal 65: EINVAL");
	check(FAILS(syscall(SYS_tkill, 0, SIGUSR1), EINVAL),
	      "tkill(0): EINVAL");
	check(FAILS(syscall(SYS_tkill, 2, SIGUSR1), ESRCH), "tkill(2): ESRCH");
	check(FAILS(syscall(SYS_tgkill, 1, 2, SIGUSR1), ESRCH),
	      "tgkill(1, 2): ESRCH");
	check(FAILS(syscall(SYS_tgkill, 0, 1, SIGUSR1), EINVAL),
	      "tgkill(0, 1): EINVAL");
	check(syscall(SYS_tgkill, 1, 1, SIGUSR1) == 0 && handled == 3,
	      "tgkill(1, 1) runs the handler");

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_siginfo;
	sa.sa_flags = SA_SIGINFO;
	check(sigaction(SIGUSR2, &sa, NULL) == 0, "an SA_SIGINFO handler");
	check(raise(SIGUSR2) == 0 && last_sig == SIGUSR2 &&
		  last_code == SI_TKILL && last_pid == 1,
	      "raise: si_code SI_TKILL, si_pid 1");
	check(kill(1, SIGUSR2) == 0 && last_code == SI_USER,
	      "kill: si_code SI_USER");

	check(signal(SIGTERM, SIG_IGN) != SIG_ERR && raise(SIGTERM) == 0,
	      "an ignored SIGTERM does nothing");
	check(raise(SIGCHLD) == 0, "SIGCHLD's default action is to ignore it");
}

/* Whether the CPU has a random number instruction (RDRAND / RNDR). */
static int has_rdrand(void)
{
#if defined(__x86_64__)
	unsigned int a = 1, b, c = 0, d;

	__asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
	return (c >> 30) & 1;
#else
	unsigned long isar0;

	/* The application runs at EL1: ID registers are readable. */
	__asm__ volatile("mrs %0, id_aa64isar0_el1" : "=r"(isar0));
	return (isar0 >> 60) != 0;
#endif
}

static void randomness(void)
{
	static unsigned char big[65536];
	unsigned char a[64], b[64], zero[64] = {0};
	size_t zeros = 0;
	unsigned long hist[16] = {0}, lo = ~0UL, hi = 0;

	printf("# the CPU %s RDRAND\n", has_rdrand() ? "has" : "lacks");
	check(getrandom(a, sizeof(a), 0) == 64, "getrandom fills 64 bytes");
	check(getrandom(b, sizeof(b), GRND_NONBLOCK) == 64, "GRND_NONBLOCK");
	check(memcmp(a, b, sizeof(a)) != 0 && memcmp(a, zero, sizeof(a)) != 0,
	      "two draws differ and are not zeros");
	check(getrandom(a, sizeof(a), GRND_RANDOM) == 64, "GRND_RANDOM");
	check(getrandom(a, 0, 0) == 0, "a 0-byte request returns 0");
	check(FAILS(getrandom(a, sizeof(a), 0x10), EINVAL),
	      "unknown flags: EINVAL");
	check(
	    FAILS(getrandom(a, sizeof(a), GRND_RANDOM | GRND_INSECURE), EINVAL),
	    "GRND_RANDOM|GRND_INSECURE: EINVAL");

	memset(big, 0, sizeof(big));
	check(getrandom(big, sizeof(big), 0) == sizeof(big), "64 KiB at once");
	for (size_t i = 0; i < sizeof(big); i++) {
		zeros += big[i] == 0;
		hist[big[i] >> 4]++;
	}
	for (int i = 0; i < 16; i++) {
		lo = hist[i] < lo ? hist[i] : lo;
		hi = hist[i] > hi ? hist[i] : hi;
	}
	/* 256 zeros and 4096 per nibble expected. */
	check(zeros < 512, "the whole buffer is filled (%zu zero bytes)",
	      zeros);
	check(lo > 3600 && hi < 4600, "high nibbles are uniform (%lu..%lu)", lo,
	      hi);
}

int main(int argc, char *argv[])
{
	const char *hostname = argc > 1 ? argv[1] : "libuk";
	unsigned long long stack = argc > 2 ? strtoull(argv[2], NULL, 0) : 0;

	ids();
	names(hostname);
	system_info();
	limits(stack);
	cpus_and_cwd();
	signal_state();
	sending();
	randomness();
	printf("1..%d\n", count);
	return failed ? 1 : 0;
}

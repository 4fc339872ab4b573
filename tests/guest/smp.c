/*
 * tests/guest/smp.c - the lcpu interface (uk/lcpu.h) on every CPU the
 * machine has: each CPU runs a function and reports its index and id;
 * 10 000 run/wait rounds and bursts of queued calls without a lost or
 * duplicated call; IPI ping-pong; per-CPU words (GS-relative on x86_64)
 * kept apart; wait timeouts; start, run and wait errors; halting a CPU
 * and starting it again on a stack of our own.
 *
 * argv[1] is the number of CPUs the machine was given (default 1), or
 * "overflow": a call on CPU 1 runs off its interrupt stack, which must
 * end in a fault report naming the guard page.
 * Functions that run on other CPUs are kernel code: this file is built
 * with -mgeneral-regs-only and they call nothing but libuk's lcpu calls.
 */
#include <errno.h>
#include <stdint.h>
#include <uk/lcpu.h>
#include <uk/plat.h>
#include "tap.h"

#define MAXC     64
#define ROUNDS   10000
#define BURSTS   1000
#define BURST    8
#define PINGS    1000
#define LOCAL_N  100000
#define SEC      1000000000ULL

static volatile unsigned long seen[MAXC], counts[MAXC], hits[MAXC];
static volatile uint64_t ids[MAXC];
static volatile uintptr_t local_result[MAXC];
static volatile unsigned long total;
static volatile int pings_left, pong_err;
static unsigned int ping_a, ping_b;
static volatile int release_spin, spinning;
static volatile uint64_t entry_id;
static volatile unsigned int entry_idx;
static volatile uintptr_t entry_sp;
static volatile int entry_arg_ok;
static uint8_t own_stack[16384] __attribute__((aligned(16)));

static void report(void *arg)
{
	unsigned int i = uk_lcpu_idx();

	(void)arg;
	seen[i]++;
	ids[i] = uk_lcpu_id();
}

static void count(void *arg)
{
	(void)arg;
	counts[uk_lcpu_idx()]++;
	__atomic_fetch_add(&total, 1, __ATOMIC_RELAXED);
}

static void pong(void *arg)
{
	unsigned int me = uk_lcpu_idx();
	unsigned int other = me == ping_a ? ping_b : ping_a;

	(void)arg;
	hits[me]++;
	if (--pings_left > 0 && uk_lcpu_run(&other, 1, pong, NULL) != 0)
		pong_err = 1;
}

/* Each CPU adds idx + 1 to its own word, LOCAL_N times, all at once. */
static void local_work(void *arg)
{
	unsigned int i = uk_lcpu_idx();

	(void)arg;
	uk_lcpu_local_set(0);
	for (int k = 0; k < LOCAL_N; k++)
		uk_lcpu_local_set(uk_lcpu_local_get() + i + 1);
	local_result[i] = uk_lcpu_local_get();
}

static void spin(void *arg)
{
	uint64_t end = ukplat_monotonic_ns() + 20 * SEC;

	(void)arg;
	spinning = 1;
	while (!release_spin && ukplat_monotonic_ns() < end)
		ukplat_cpu_relax();
}

/* Deep enough to run off any interrupt stack; volatile: no tail call. */
static unsigned long recurse(unsigned long n)
{
	volatile unsigned long frame[64];

	frame[0] = n;
	return n ? recurse(n - 1) + frame[0] : 0;
}

static void overflow_call(void *arg)
{
	(void)arg;
	uk_printf("smp: overflow: CPU %u recurses\n", uk_lcpu_idx());
	recurse(1UL << 20);
}

/* "overflow": a call on CPU 1 runs off its interrupt stack (must fault). */
static int overflow_mode(void)
{
	const unsigned int one = 1;

	uk_printf("\n");
	if (uk_lcpu_count() < 2 || uk_lcpu_run(&one, 1, overflow_call, NULL))
		return 2;
	uk_lcpu_wait(&one, 1, 60 * SEC);
	uk_printf("smp: unexpected: CPU 1 survived its overflow\n");
	return 0;
}

static void halt_me(void *arg)
{
	(void)arg;
	uk_lcpu_halt();
}

static void restarted(void *arg)
{
	uintptr_t sp;

	__asm__ __volatile__("" : : : "memory");
	sp = (uintptr_t)__builtin_frame_address(0);
	entry_arg_ok = arg == (void *)own_stack;
	entry_sp = sp;
	entry_idx = uk_lcpu_idx();
	entry_id = uk_lcpu_id();
}

static unsigned int parse(const char *s)
{
	unsigned int v = 0;

	while (s && *s >= '0' && *s <= '9')
		v = v * 10 + (unsigned int)(*s++ - '0');
	return v ? v : 1;
}

static void test_report(unsigned int n)
{
	int distinct = 1, once = 1, match = 1;

	tap_ok(uk_lcpu_run(NULL, 0, report, NULL) == 0, "run on every CPU");
	tap_ok(uk_lcpu_wait(NULL, 0, 10 * SEC) == 0, "wait for them all");
	for (unsigned int i = 0; i < n; i++) {
		uk_printf("# CPU %u: APIC/MPIDR id %lu, ran %lu time(s)\n", i,
			  (unsigned long)ids[i], seen[i]);
		once &= seen[i] == 1;
		match &= ids[i] == uk_lcpu_id_of(i);
		for (unsigned int j = 0; j < i; j++)
			distinct &= ids[i] != ids[j];
	}
	tap_ok(once, "each of the %u CPUs ran the call exactly once", n);
	tap_ok(distinct, "their ids are distinct");
	tap_ok(match, "each CPU's own id is uk_lcpu_id_of(its index)");
	tap_ok(uk_lcpu_id_of(n) == UINT64_MAX, "no id past the last CPU");
}

static void test_rounds(unsigned int n)
{
	int exact = 1, rc = 0;

	for (int r = 0; r < ROUNDS && !rc; r++) {
		rc = uk_lcpu_run(NULL, 0, count, NULL);
		if (!rc)
			rc = uk_lcpu_wait(NULL, 0, 10 * SEC);
	}
	tap_ok(rc == 0, "%d run/wait rounds on all CPUs (rc %d)", ROUNDS, rc);
	for (unsigned int i = 0; i < n; i++)
		exact &= counts[i] == ROUNDS;
	tap_ok(exact && total == (unsigned long)ROUNDS * n,
	       "every CPU ran exactly %d calls (total %lu)", ROUNDS, total);

	for (unsigned int i = 0; i < n; i++)
		counts[i] = 0;
	total = 0;
	for (int b = 0; b < BURSTS && !rc; b++) {
		for (int k = 0; k < BURST && !rc; k++)
			rc = uk_lcpu_run(NULL, 0, count, NULL);
		if (!rc)
			rc = uk_lcpu_wait(NULL, 0, 10 * SEC);
	}
	exact = rc == 0;
	for (unsigned int i = 0; i < n; i++)
		exact &= counts[i] == BURSTS * BURST;
	tap_ok(exact, "%d bursts of %d queued calls: none lost or doubled",
	       BURSTS, BURST);
}

/*
 * The boot CPU takes its calls when it takes interrupts; application
 * code of a cooperative build runs with them off, so this one turns
 * them on while it waits.
 */
static void ping(unsigned int a, unsigned int b)
{
	unsigned long flags = ukplat_irq_save();
	uint64_t end;

	ping_a = a;
	ping_b = b;
	hits[a] = hits[b] = 0;
	pong_err = 0;
	pings_left = PINGS;
	end = ukplat_monotonic_ns() + 30 * SEC;
	if (a == uk_lcpu_idx())
		pong(NULL);
	else if (uk_lcpu_run(&a, 1, pong, NULL) != 0)
		pong_err = 1;
	ukplat_irq_enable();
	while (pings_left > 0 && !pong_err && ukplat_monotonic_ns() < end)
		ukplat_cpu_relax();
	uk_lcpu_wait(NULL, 0, 10 * SEC);
	ukplat_irq_restore(flags);
	tap_ok(pings_left == 0 && !pong_err &&
		       hits[a] == PINGS / 2 && hits[b] == PINGS / 2,
	       "IPI ping-pong CPU %u <-> CPU %u: %d calls, %lu + %lu", a, b,
	       PINGS, hits[a], hits[b]);
}

static void test_local(unsigned int n)
{
	int ok = 1;

	uk_lcpu_local_set(0x5eed);
	/* The others all at once; the boot CPU's own word is not theirs. */
	for (unsigned int i = 1; i < n; i++)
		uk_lcpu_run(&i, 1, local_work, NULL);
	uk_lcpu_wait(NULL, 0, 30 * SEC);
	for (unsigned int i = 1; i < n; i++)
		ok &= local_result[i] == (uintptr_t)(i + 1) * LOCAL_N;
	tap_ok(ok, "per-CPU words: each CPU counted only its own");
	tap_ok(uk_lcpu_local_get() == 0x5eed,
	       "the boot CPU's word kept its value");
	local_work(NULL);
	tap_ok(local_result[0] == LOCAL_N && uk_lcpu_local_get() == LOCAL_N,
	       "the boot CPU's word counts too");
}

static void test_errors(unsigned int n)
{
	unsigned int bad = n, zero = 0, one = 1, two[2] = { 1, 1 };
	uk_lcpu_fn_t e[1] = { restarted };

	tap_ok(uk_lcpu_start(NULL, 1, NULL, e, NULL) == -EINVAL,
	       "start: no list: EINVAL");
	tap_ok(uk_lcpu_start(&bad, 1, NULL, e, NULL) == -EINVAL,
	       "start: index out of range: EINVAL");
	tap_ok(uk_lcpu_start(&zero, 1, NULL, e, NULL) == -EINVAL,
	       "start: the calling CPU: EINVAL");
	tap_ok(uk_lcpu_start(&one, 0, NULL, e, NULL) == -EINVAL,
	       "start: empty list: EINVAL");
	tap_ok(uk_lcpu_run(&bad, 1, count, NULL) == -EINVAL,
	       "run: index out of range: EINVAL");
	tap_ok(uk_lcpu_run(NULL, 0, NULL, NULL) == -EINVAL,
	       "run: no function: EINVAL");
	tap_ok(uk_lcpu_wait(&bad, 1, 0) == -EINVAL,
	       "wait: index out of range: EINVAL");
	tap_ok(uk_lcpu_state(n) == -EINVAL, "state: index out of range");
	tap_ok(uk_lcpu_state(0) == UK_LCPU_BUSY, "the boot CPU is busy");
	if (n < 2)
		return;
	tap_ok(uk_lcpu_start(&one, 1, NULL, e, NULL) == -EBUSY,
	       "start: a running CPU: EBUSY");
	tap_ok(uk_lcpu_start(two, 2, NULL, e, NULL) == -EINVAL,
	       "start: a CPU listed twice: EINVAL");
	tap_ok(uk_lcpu_run(two, 2, count, NULL) == -EINVAL,
	       "run: a CPU listed twice: EINVAL");
}

static void test_wait_timeout(unsigned int b)
{
	uint64_t t0;
	int rc;

	release_spin = 0;
	spinning = 0;
	tap_ok(uk_lcpu_run(&b, 1, spin, NULL) == 0, "run a spinning call");
	t0 = ukplat_monotonic_ns();
	rc = uk_lcpu_wait(&b, 1, 20000000ULL);
	tap_ok(rc == -ETIMEDOUT && ukplat_monotonic_ns() - t0 >= 20000000ULL,
	       "wait with a 20 ms timeout: ETIMEDOUT (rc %d)", rc);
	tap_ok(uk_lcpu_state(b) == UK_LCPU_BUSY, "CPU %u is busy", b);
	release_spin = 1;
	tap_ok(uk_lcpu_wait(&b, 1, 20 * SEC) == 0 &&
		       uk_lcpu_state(b) == UK_LCPU_IDLE,
	       "once it returns, the wait ends and CPU %u is idle", b);
}

static void test_halt_restart(unsigned int b)
{
	uk_lcpu_fn_t e[1] = { restarted };
	void *top[1] = { own_stack + sizeof(own_stack) };
	int rc;

	tap_ok(uk_lcpu_run(&b, 1, halt_me, NULL) == 0 &&
		       uk_lcpu_wait(&b, 1, 10 * SEC) == 0,
	       "CPU %u halts itself", b);
	tap_ok(uk_lcpu_state(b) == UK_LCPU_HALTED, "its state is halted");
	tap_ok(uk_lcpu_run(&b, 1, count, NULL) == -ENODEV,
	       "run on a halted CPU: ENODEV");
	tap_ok(uk_lcpu_wait(&b, 1, 0) == 0, "nothing to wait for on it");
	rc = uk_lcpu_start(&b, 1, top, e, own_stack);
	tap_ok(rc == 0, "start it again (rc %d)", rc);
	tap_ok(uk_lcpu_wait(&b, 1, 10 * SEC) == 0 && entry_idx == b &&
		       entry_id == uk_lcpu_id_of(b) && entry_arg_ok,
	       "its entry ran there with its argument");
	tap_ok(entry_sp > (uintptr_t)own_stack &&
		       entry_sp <= (uintptr_t)own_stack + sizeof(own_stack),
	       "on the stack it was given");
	tap_ok(uk_lcpu_state(b) == UK_LCPU_IDLE, "then it is idle");
	counts[b] = 0;
	tap_ok(uk_lcpu_run(&b, 1, count, NULL) == 0 &&
		       uk_lcpu_wait(&b, 1, 10 * SEC) == 0 && counts[b] == 1,
	       "and takes calls again");
}

int main(int argc, char **argv)
{
	const char *a = argc > 1 ? argv[1] : "";
	unsigned int want, n = uk_lcpu_count();

	if (a[0] == 'o' && a[1] == 'v') /* "overflow" */
		return overflow_mode();
	want = parse(argc > 1 ? argv[1] : NULL);

	/* The firmware's banner may end without a newline (pc, q35). */
	uk_printf("\n# lcpu test, %u CPU(s) expected\n", want);
	tap_ok(n == want, "uk_lcpu_count() is %u (expected %u)", n, want);
	if (n > MAXC)
		n = MAXC;
	tap_ok(uk_lcpu_idx() == 0 && uk_lcpu_id() == uk_lcpu_id_of(0),
	       "main runs on CPU 0, id %lu", (unsigned long)uk_lcpu_id());
	uk_lcpu_wait(NULL, 0, 10 * SEC);
	for (unsigned int i = 1; i < n; i++)
		tap_ok(uk_lcpu_state(i) == UK_LCPU_IDLE,
		       "CPU %u was started at boot and is idle", i);
	test_report(n);
	test_rounds(n);
	test_local(n);
	test_errors(n);
	if (n >= 2) {
		ping(0, n - 1);
		if (n >= 3)
			ping(1, 2);
		test_wait_timeout(n - 1);
		test_halt_restart(n - 1);
	}
	return tap_done();
}

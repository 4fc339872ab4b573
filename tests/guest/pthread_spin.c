/*
 * tests/guest/pthread_spin.c - timer preemption (booted with
 * uk.preempt_ms): a thread that spins forever without a system call must
 * not starve the others. Cooperatively, main's join below would never
 * return; with preemption the workers get their slices, finish, and main
 * ends the application while the spinner still spins. Also: a second
 * spinner and main's own spinning loop share the CPU, and values in
 * registers (integer and vector) survive being preempted.
 */
#include <pthread.h>
#include <stdint.h>
#include <time.h>
#include "musl_tap.h"

static volatile int stop_spinning;
static volatile uint64_t spins[2];

static volatile uint64_t bad_regs[2];

/* The constraint letter of a vector register holding a double. */
#ifdef __x86_64__
#define FPREG "+x"
#else
#define FPREG "+w"
#endif

static void *spinner(void *arg)
{
	intptr_t k = (intptr_t)arg;
	/* Kept in registers across preemptions: a wrong restore shows. */
	uint64_t a = 1000 + (uint64_t)k, b = 5000;
	double f = 1.0;

	while (k == 0 || !stop_spinning) {
		spins[k]++;
		a += 3;
		b -= 3;
		f *= 1.0000001;
		__asm__ __volatile__("" : "+r"(a), "+r"(b), FPREG(f));
		if (a + b != 6000 + (uint64_t)k)
			bad_regs[k]++;
	}
	return (void *)(intptr_t)(f > 1.0 ? 1 : 0);
}

static volatile uint64_t worker_done;

static void *worker(void *arg)
{
	volatile uint64_t sum = 0;

	for (uint64_t i = 0; i < 200000; i++)
		sum += i;
	worker_done += (uintptr_t)arg;
	return (void *)(uintptr_t)(sum == 200000ULL * 199999 / 2);
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

int main(void)
{
	pthread_t spin0, spin1, w[4];
	void *r;
	int ok = 0;
	uint64_t t0, before;

	check(pthread_create(&spin0, NULL, spinner, (void *)0) == 0,
	      "a thread that spins forever is created");
	for (intptr_t i = 0; i < 4; i++)
		pthread_create(&w[i], NULL, worker, (void *)(i + 1));
	for (int i = 0; i < 4; i++)
		if (pthread_join(w[i], &r) == 0 && r == (void *)1)
			ok++;
	check(ok == 4 && worker_done == 10,
	      "4 workers finished beside the spinner (%d joined right, sum %lu)", ok,
	      (unsigned long)worker_done);
	check(spins[0] > 0, "the spinner did run (%lu spins)", (unsigned long)spins[0]);

	/* main spins too (no system call in the loop): the spinners still run. */
	check(pthread_create(&spin1, NULL, spinner, (void *)1) == 0,
	      "a second spinner is created");
	before = spins[1];
	t0 = now_ms();
	while (spins[1] == before && now_ms() - t0 < 20000)
		;
	check(spins[1] != before, "main's busy loop was preempted for the second spinner");
	stop_spinning = 1;
	check(pthread_join(spin1, &r) == 0 && r == (void *)1,
	      "the second spinner stopped; its FP register value grew as computed");
	check(bad_regs[0] == 0 && bad_regs[1] == 0,
	      "registers survived every preemption (%lu, %lu bad)",
	      (unsigned long)bad_regs[0], (unsigned long)bad_regs[1]);
	/* spin0 never stops: exit ends the application regardless. */
	return tap_done();
}

/*
 * tests/guest/ctx.c - execution contexts (uk/plat.h ukplat_ctx_*): a second
 * context on its own stack runs entry(arg), and the two switch back and
 * forth; each keeps its own stack, callee-saved values, thread pointer and
 * floating-point control state (MXCSR / FPCR, saved with the FPU/SIMD
 * area), and a context switched away from inside a deep call chain
 * resumes exactly there.
 */
#include <stdint.h>
#include <uk/pages.h>
#include <uk/plat.h>
#include "fpctl.h"
#include "tap.h"

#define ROUNDS 1000

static struct ukplat_ctx main_ctx, other_ctx;
static volatile unsigned long other_count, other_arg_seen;
static volatile int other_fpctl_ok = 1, other_tlsp_ok = 1;
static uintptr_t main_tlsp, other_tlsp = 0x12345670;

/* A different rounding mode in each context. */
#define FPCTL_MAIN  FPCTL(3)
#define FPCTL_OTHER FPCTL(1)

/* Many live values across the switch: they end up in callee-saved registers. */
__attribute__((noinline)) static unsigned long deep(int depth, unsigned long seed)
{
	unsigned long a = seed * 3, b = seed ^ 0x5a5a, c = seed + 7, d = seed << 2;
	unsigned long e = seed * seed, f = ~seed, g = seed >> 1, h = seed | 0x100;

	if (depth > 0)
		return deep(depth - 1, seed + 1) + a;
	ukplat_ctx_switch(&other_ctx, &main_ctx);
	return a + b + c + d + e + f + g + h;
}

static unsigned long deep_expect(int depth, unsigned long seed)
{
	unsigned long s = seed + (unsigned long)depth;
	unsigned long leaf = s * 3 + (s ^ 0x5a5a) + (s + 7) + (s << 2) + s * s + ~s +
			     (s >> 1) + (s | 0x100);

	for (int i = 0; i < depth; i++)
		leaf += (seed + (unsigned long)i) * 3;
	return leaf;
}

static void other_entry(void *arg)
{
	other_arg_seen = (unsigned long)(uintptr_t)arg;
	fpctl_set(FPCTL_OTHER);
	ukplat_tlsp_set(other_tlsp);
	for (;;) {
		other_count++;
		if (fpctl_get() != FPCTL_OTHER)
			other_fpctl_ok = 0;
		if (ukplat_tlsp_get() != other_tlsp)
			other_tlsp_ok = 0;
		ukplat_ctx_switch(&other_ctx, &main_ctx);
		if (other_count == ROUNDS) {
			/* Switch back from 20 calls deep, several times. */
			for (;;)
				other_count += deep(20, 1000) == deep_expect(20, 1000) ? 1 : 1000000;
		}
	}
}

int main(void)
{
	size_t fpu = ukplat_fpu_size();
	void *stack = uk_pages_alloc_n(16), *kstack = uk_pages_alloc_n(16);
	void *fpu_main = uk_pages_alloc(0), *fpu_other = uk_pages_alloc(0);
	unsigned long live1 = 0x1111, live2 = 0x2222, live3 = 0x3333;
	int fpctl_ok = 1, tlsp_ok = 1;

	tap_ok(fpu > 0 && fpu % 64 == 0 && fpu <= 4096,
	       "FPU/SIMD save area size %lu is a multiple of 64, at most a page",
	       (unsigned long)fpu);
	if (!stack || !kstack || !fpu_main || !fpu_other)
		return tap_ok(0, "memory for the stacks"), tap_done();
	main_tlsp = ukplat_tlsp_get();
	fpctl_set(FPCTL_MAIN);
	main_ctx.fpu = fpu_main;
	other_ctx.fpu = fpu_other;
	ukplat_ctx_init(&other_ctx, (char *)stack + 16 * 4096, (char *)kstack + 16 * 4096,
			other_entry, (void *)(uintptr_t)0xfeed);
	for (int i = 0; i < ROUNDS; i++) {
		ukplat_ctx_switch(&main_ctx, &other_ctx);
		fpctl_ok &= fpctl_get() == FPCTL_MAIN;
		tlsp_ok &= ukplat_tlsp_get() == main_tlsp;
		live1 += 1, live2 += 2, live3 += 3;
	}
	tap_ok(other_arg_seen == 0xfeed, "the new context received its argument");
	tap_ok(other_count == ROUNDS, "%d round trips (the other side counted %lu)",
	       ROUNDS, other_count);
	tap_ok(live1 == 0x1111 + ROUNDS && live2 == 0x2222 + 2 * ROUNDS &&
		       live3 == 0x3333 + 3 * ROUNDS,
	       "values live across the switches are intact");
	tap_ok(fpctl_ok && other_fpctl_ok,
	       "each context keeps its floating-point control register");
	tap_ok(tlsp_ok && other_tlsp_ok, "each context keeps its thread pointer");
	/* The first resume enters the deep chain; each later one returns from it. */
	for (int i = 0; i < 6; i++)
		ukplat_ctx_switch(&main_ctx, &other_ctx);
	tap_ok(other_count == ROUNDS + 5,
	       "a context switched out 20 calls deep resumes there, its values intact "
	       "(count %lu)", other_count);
	fpctl_set(FPCTL(0)); /* the default again */
	return tap_done();
}

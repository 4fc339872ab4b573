/*
 * tools/kvmprobe.c - the image ukrun boots once under KVM to learn whether
 * this host's KVM can run guest SSE and x87 instructions (some nested KVMs
 * end the VM on the first one). Prints "kvmprobe: ok" and exits 0 when the
 * results are right.
 */
#include <uk/console.h>

int main(void)
{
	float v[4] __attribute__((aligned(16))) = { 1.0f, 2.0f, 3.0f, 4.0f };
	double x = 1.5, y;
	int ok;

	/* SSE: add the vector to itself. */
	__asm__ __volatile__("movaps %0, %%xmm0\n\t"
			     "addps %%xmm0, %%xmm0\n\t"
			     "movaps %%xmm0, %0"
			     : "+m"(v) : : "xmm0");
	/* x87: 1.5 * 1.5 */
	__asm__ __volatile__("fldl %1\n\t"
			     "fmul %%st(0), %%st(0)\n\t"
			     "fstpl %0"
			     : "=m"(y) : "m"(x));
	ok = v[0] == 2.0f && v[3] == 8.0f && y == 2.25;
	uk_printf("kvmprobe: %s\n", ok ? "ok" : "wrong results");
	return ok ? 0 : 1;
}

/*
 * bench/timer.c - how late the one-shot timer of uk/plat.h fires (not a
 * test): for each delay, ROUNDS armings, each followed by ukplat_halt_irq
 * until the handler has run; the lateness (handler's clock reading minus
 * the deadline) is reported as min / median / max in microseconds, along
 * with the same for ukplat_wait_until_ns. Under TCG these are emulation
 * figures; the accelerator is named from CPUID's hypervisor leaf.
 */
#include <stdint.h>
#include <uk/console.h>
#include <uk/plat.h>

#define ROUNDS 31

static volatile uint64_t fired_at;

static void on_timer(void)
{
	fired_at = ukplat_monotonic_ns();
}

static void sort(uint64_t *v, int n)
{
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
			uint64_t t = v[j];

			v[j] = v[j - 1];
			v[j - 1] = t;
		}
}

static void row(const char *what, uint64_t delay, uint64_t *late)
{
	sort(late, ROUNDS);
	uk_printf("%-14s %8lu %10lu.%03lu %10lu.%03lu %10lu.%03lu\n", what,
		  delay / 1000, late[0] / 1000, late[0] % 1000,
		  late[ROUNDS / 2] / 1000, late[ROUNDS / 2] % 1000,
		  late[ROUNDS - 1] / 1000, late[ROUNDS - 1] % 1000);
}

static const char *accel(void)
{
	uint32_t a, b, c, d;

	__asm__ __volatile__("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(1), "c"(0));
	if (!(c & (1u << 31)))
		return "bare metal or TCG without hypervisor bit";
	__asm__ __volatile__("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(0x40000000), "c"(0));
	return b == 0x4b4d564b ? "KVM" : b == 0x54474354 ? "TCG" : "other hypervisor";
}

int main(void)
{
	static const uint64_t delays[] = { 10000, 100000, 1000000, 10000000 };
	uint64_t late[ROUNDS];

	ukplat_timer_set_handler(on_timer);
	ukplat_timer_set_deadline(1); /* first use sets the APIC up */
	ukplat_halt_irq();
	uk_printf("timer lateness (%s), %d rounds, microseconds\n", accel(), ROUNDS);
	uk_printf("%-14s %8s %14s %14s %14s\n", "path", "delay us", "min", "median", "max");
	for (unsigned int i = 0; i < sizeof(delays) / sizeof(delays[0]); i++) {
		for (int r = 0; r < ROUNDS; r++) {
			uint64_t deadline = ukplat_monotonic_ns() + delays[i];

			fired_at = 0;
			ukplat_timer_set_deadline(deadline);
			while (!fired_at)
				ukplat_halt_irq();
			late[r] = fired_at - deadline;
		}
		row("timer handler", delays[i], late);
	}
	ukplat_timer_set_handler(0);
	for (unsigned int i = 0; i < sizeof(delays) / sizeof(delays[0]); i++) {
		for (int r = 0; r < ROUNDS; r++) {
			uint64_t deadline = ukplat_monotonic_ns() + delays[i];

			ukplat_wait_until_ns(deadline);
			late[r] = ukplat_monotonic_ns() - deadline;
		}
		row("wait_until_ns", delays[i], late);
	}
	return 0;
}

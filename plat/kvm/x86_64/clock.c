/*
 * plat/kvm/x86_64/clock.c - the monotonic clock: the TSC, with its
 * frequency taken from the hypervisor when it says (kvmclock, CPUID leaf
 * 0x15, the 0x40000010 timing leaf) or else measured against the PIT's
 * channel 0.
 *
 * The frequency is determined on first use, not at boot, so that an
 * application that never reads the clock does not pay the ~10 ms PIT
 * calibration. Time zero is the TSC value stamped at the boot entry.
 */
#include <stdint.h>
#include <uk/plat.h>
#include <uk/print.h>
#include "cpu.h"

static uint64_t entry_tsc;
static uint64_t tsc_hz;
/* ns = (delta * mult) >> 32, split to stay within 128-bit products */
static uint64_t ns_mult;

#define PIT_HZ            1193182ULL
#define PIT_CALIBRATE_MS  10

void ukplat_x86_clock_set_entry(uint64_t tsc)
{
	entry_tsc = tsc;
}

uint64_t ukplat_boot_entry_cycles(void)
{
	return entry_tsc;
}

uint64_t ukplat_cycles(void)
{
	return rdtsc();
}

static int is_kvm(void)
{
	struct cpuid_regs r;

	if (!(cpuid(1, 0).ecx & (1u << 31))) /* hypervisor present */
		return 0;
	r = cpuid(0x40000000, 0);
	return r.ebx == 0x4b4d564b && r.ecx == 0x564b4d56 && r.edx == 0x4d;
}

/* KVM's pvclock page (Documentation/virt/kvm/x86/msr.rst). */
struct pvclock_time_info {
	uint32_t version;
	uint32_t pad0;
	uint64_t tsc_timestamp;
	uint64_t system_time;
	uint32_t tsc_to_system_mul;
	int8_t tsc_shift;
	uint8_t flags;
	uint8_t pad[2];
};
_Static_assert(sizeof(struct pvclock_time_info) == 32, "pvclock ABI");

#define MSR_KVM_SYSTEM_TIME_NEW 0x4b564d01
#define KVM_FEATURE_CLOCKSOURCE2 (1u << 3)

static uint64_t kvmclock_hz(void)
{
	static volatile struct pvclock_time_info pv UK_ALIGNED(64);
	uint64_t hz;
	uint32_t version;

	if (!is_kvm() || !(cpuid(0x40000001, 0).eax & KVM_FEATURE_CLOCKSOURCE2))
		return 0;
	wrmsr(MSR_KVM_SYSTEM_TIME_NEW, (uint64_t)(uintptr_t)&pv | 1);
	for (unsigned int tries = 0;; tries++) {
		if (tries == 1000000) { /* the host never filled the page */
			wrmsr(MSR_KVM_SYSTEM_TIME_NEW, 0);
			return 0;
		}
		version = pv.version;
		__asm__ __volatile__("" ::: "memory");
		if (version == 0 || (version & 1) || !pv.tsc_to_system_mul)
			continue;
		/* system ns = (tsc << shift) * mul >> 32, so Hz follows. */
		hz = (1000000000ULL << 32) / pv.tsc_to_system_mul;
		if (pv.tsc_shift >= 0)
			hz >>= pv.tsc_shift;
		else
			hz <<= -pv.tsc_shift;
		__asm__ __volatile__("" ::: "memory");
		if (version == pv.version)
			break;
	}
	wrmsr(MSR_KVM_SYSTEM_TIME_NEW, 0); /* stop the updates */
	/* Implausible values mean a misread page: use another source. */
	return hz >= 100000000ULL && hz <= 20000000000ULL ? hz : 0;
}

static uint64_t cpuid_hz(void)
{
	struct cpuid_regs r;

	if (cpuid(0, 0).eax >= 0x15) {
		r = cpuid(0x15, 0);
		if (r.eax && r.ebx && r.ecx)
			return (uint64_t)r.ecx * r.ebx / r.eax;
	}
	if ((cpuid(1, 0).ecx & (1u << 31)) &&
	    cpuid(0x40000000, 0).eax >= 0x40000010) {
		r = cpuid(0x40000010, 0);
		if (r.eax)
			return (uint64_t)r.eax * 1000;
	}
	return 0;
}

static uint16_t pit_read_ch0(void)
{
	uint8_t lo, hi;

	outb(0x43, 0x00); /* latch channel 0 */
	lo = inb(0x40);
	hi = inb(0x40);
	return (uint16_t)(hi << 8 | lo);
}

/*
 * Let PIT channel 0 count down (mode 2, full 16-bit period) and see how far
 * the TSC moves over PIT_CALIBRATE_MS worth of PIT ticks. Channel 0 rather
 * than the usual channel 2: -M microvm has no port 0x61 to gate channel 2.
 * Its IRQ stays masked at the PIC. Returns 0 when there is no PIT (the
 * counter never moves).
 */
static uint64_t pit_hz(void)
{
	const uint32_t want = (uint32_t)(PIT_HZ * PIT_CALIBRATE_MS / 1000);
	uint32_t elapsed = 0;
	uint64_t t0, t1, stuck = 0;
	uint16_t prev, now;

	outb(0x43, 0x34); /* channel 0, lo/hi byte, mode 2, binary */
	outb(0x40, 0xff);
	outb(0x40, 0xff);
	prev = pit_read_ch0();
	t0 = rdtsc();
	while (elapsed < want) {
		now = pit_read_ch0();
		if (now == prev) {
			if (++stuck > 1000000)
				return 0;
			continue;
		}
		/* Counting down; a reload to 0xffff wraps at most once. */
		elapsed += now < prev ? (uint32_t)(prev - now)
				      : (uint32_t)prev + 0xffffu - now;
		prev = now;
		stuck = 0;
	}
	t1 = rdtsc();
	return (t1 - t0) * PIT_HZ / elapsed;
}

uint64_t ukplat_cycles_hz(void)
{
	if (!tsc_hz) {
		uint64_t hz = kvmclock_hz();

		if (!hz)
			hz = cpuid_hz();
		if (!hz)
			hz = pit_hz();
		if (!hz) {
			hz = 1000000000ULL;
			uk_pr_warn("clock: no kvmclock, CPUID frequency or PIT; "
				   "assuming a 1 GHz TSC (time will be off)");
		}
		ns_mult = (1000000000ULL << 32) / hz; /* fits: 1e9 * 2^32 < 2^64 */
		tsc_hz = hz;
	}
	return tsc_hz;
}

uint64_t ukplat_monotonic_ns(void)
{
	uint64_t delta;

	if (uk_unlikely(!tsc_hz))
		ukplat_cycles_hz();
	delta = rdtsc() - entry_tsc;
	return (uint64_t)(((unsigned __int128)delta * ns_mult) >> 32);
}

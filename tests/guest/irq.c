/*
 * tests/guest/irq.c - device interrupts (uk/plat.h ukplat_irq_register)
 * from real emulated devices: on x86_64 the CMOS RTC's periodic interrupt
 * (ISA IRQ 8, through the I/O APIC) counted over a wait, then silenced;
 * with the argument "pit" also the PIT's (ISA IRQ 0, which QEMU pc/q35
 * wire to GSI 2: the MADT's source override must be applied). On arm64
 * the PL031 RTC's match interrupt (QEMU virt: SPI 2, INTID 34, level),
 * and the end of the SPI range the distributor reports.
 * Both: four handlers share the line and all run, a fifth is -EBUSY, bad
 * lines and flags are -EINVAL, ukplat_irq_handlers counts, handlers run
 * with interrupts off.
 */
#include <errno.h>
#include <stdint.h>
#include <uk/plat.h>
#include "str.h"
#include "tap.h"

#define MS 1000000ULL

static volatile unsigned int seen[UKPLAT_IRQ_MAX_SHARED];
static volatile int irqs_on_in_handler;

/* Handlers 1-3 only count: handler 0 acknowledges the device. */
static int count_only(void *arg)
{
	seen[(uintptr_t)arg]++;
	if (ukplat_irq_enabled())
		irqs_on_in_handler = 1;
	return 0;
}

/*
 * Interrupts on until 'count' calls of handler 0 (0: no such goal) or
 * 'ns' of monotonic time, spinning: a halt would need some interrupt to
 * end it, and the point is that none may come.
 */
static void wait_for(unsigned int count, uint64_t ns)
{
	uint64_t end = ukplat_monotonic_ns() + ns;

	ukplat_irq_enable();
	while ((!count || seen[0] < count) && ukplat_monotonic_ns() < end)
		ukplat_cpu_relax();
	ukplat_irq_disable();
}

static void check_shared(unsigned int irq, unsigned int flags,
			 ukplat_irq_handler_t ack)
{
	unsigned int before = ukplat_irq_handlers();

	tap_ok(ukplat_irq_register(irq, flags, ack, (void *)0) == 0,
	       "handler 0 registered on line %u", irq);
	for (uintptr_t i = 1; i < UKPLAT_IRQ_MAX_SHARED; i++)
		tap_ok(ukplat_irq_register(irq, flags, count_only, (void *)i) == 0,
		       "shared handler %lu registered", (unsigned long)i);
	tap_ok(ukplat_irq_handlers() == before + UKPLAT_IRQ_MAX_SHARED,
	       "ukplat_irq_handlers counts %u more (got %u, had %u)",
	       UKPLAT_IRQ_MAX_SHARED, ukplat_irq_handlers(), before);
	tap_ok(ukplat_irq_register(irq, flags, count_only, (void *)0) == -EBUSY,
	       "a fifth handler on the line: -EBUSY");
	tap_ok(ukplat_irq_handlers() == before + UKPLAT_IRQ_MAX_SHARED,
	       "the refused handler is not counted");
}

static void check_all_ran(void)
{
	int same = 1;

	for (unsigned int i = 1; i < UKPLAT_IRQ_MAX_SHARED; i++)
		if (seen[i] != seen[0])
			same = 0;
	tap_ok(same, "every shared handler ran each time (%u %u %u %u)",
	       seen[0], seen[1], seen[2], seen[3]);
	tap_ok(!irqs_on_in_handler, "handlers run with interrupts off");
}

static void check_bad_arguments(unsigned int good_irq)
{
	int rc;

	rc = ukplat_irq_register(1000, UKPLAT_IRQ_EDGE, count_only, (void *)0);
	tap_ok(rc == -EINVAL, "irq 1000: -EINVAL (got %d)", rc);
	rc = ukplat_irq_register(good_irq, 0x4, count_only, (void *)0);
	tap_ok(rc == -EINVAL, "undefined flag bits: -EINVAL (got %d)", rc);
	rc = ukplat_irq_register(good_irq, UKPLAT_IRQ_EDGE, NULL, NULL);
	tap_ok(rc == -EINVAL, "no handler: -EINVAL (got %d)", rc);
	tap_ok(ukplat_irq_handlers() == 0,
	       "refused registrations are not counted (%u)",
	       ukplat_irq_handlers());
}

#if defined(__x86_64__)

#define CMOS_INDEX   0x70
#define CMOS_DATA    0x71
#define RTC_A        0x0a
#define RTC_B        0x0b
#define RTC_C        0x0c
#define RTC_B_PIE    0x40
#define RTC_RATE     10      /* 32768 >> (10 - 1) = 64 Hz */
#define RTC_HZ       64
#define PIT_HZ       100

static inline void outb(uint16_t port, uint8_t v)
{
	__asm__ __volatile__("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	__asm__ __volatile__("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static uint8_t cmos_read(uint8_t reg)
{
	outb(CMOS_INDEX, reg);
	return inb(CMOS_DATA);
}

static void cmos_write(uint8_t reg, uint8_t v)
{
	outb(CMOS_INDEX, reg);
	outb(CMOS_DATA, v);
}

/* Reading register C acknowledges the RTC's interrupt (it lowers IRQ 8). */
static int rtc_ack(void *arg)
{
	uint8_t c = cmos_read(RTC_C);

	(void)arg;
	seen[0]++;
	if (ukplat_irq_enabled())
		irqs_on_in_handler = 1;
	return (c & 0x80) != 0;
}

static volatile unsigned int pit_ticks;

static int pit_tick(void *arg)
{
	(void)arg;
	pit_ticks++;
	return 1;
}

static void check_rtc(void)
{
	uint64_t t0, t1, expect;
	unsigned int n, after;

	check_shared(8, UKPLAT_IRQ_EDGE | UKPLAT_IRQ_ACTIVE_HIGH, rtc_ack);
	/* 32.768 kHz time base (DV = 010), then the periodic rate. */
	cmos_write(RTC_A, 0x20 | RTC_RATE);
	cmos_read(RTC_C);
	cmos_write(RTC_B, cmos_read(RTC_B) | RTC_B_PIE);
	t0 = ukplat_monotonic_ns();
	wait_for(0, 500 * MS);
	t1 = ukplat_monotonic_ns();
	n = seen[0];
	expect = (t1 - t0) * RTC_HZ / 1000000000ULL;
	uk_printf("# %u RTC interrupts in %lu ms (%lu expected at %u Hz)\n", n,
		  (unsigned long)((t1 - t0) / MS), (unsigned long)expect, RTC_HZ);
	tap_ok(n > 0, "the RTC's periodic interrupt arrived (%u times)", n);
	tap_ok(n >= expect / 4 && n <= expect * 2 + 4,
	       "its count is plausible for %u Hz (%u, expected about %lu)",
	       RTC_HZ, n, (unsigned long)expect);
	check_all_ran();

	cmos_write(RTC_B, cmos_read(RTC_B) & ~RTC_B_PIE);
	cmos_read(RTC_C);
	wait_for(0, 20 * MS);       /* one already in flight may still land */
	after = seen[0];
	wait_for(0, 200 * MS);
	tap_ok(seen[0] == after, "none after PIE is cleared (%u more)",
	       seen[0] - after);
}

/* PIT channel 0, mode 2 (rate generator) at PIT_HZ: ISA IRQ 0. */
static void check_pit(void)
{
	unsigned int divisor = 1193182 / PIT_HZ, n;
	int rc;

	rc = ukplat_irq_register(0, UKPLAT_IRQ_EDGE, pit_tick, NULL);
	tap_ok(rc == 0, "PIT: ISA IRQ 0 registered (%d)", rc);
	outb(0x43, 0x34);
	outb(0x40, divisor & 0xff);
	outb(0x40, divisor >> 8);
	wait_for(0, 300 * MS);
	n = pit_ticks;
	tap_ok(n >= 300 / (1000 / PIT_HZ) / 4 && n <= 300 / (1000 / PIT_HZ) * 3,
	       "PIT: ISA IRQ 0 arrives through its override (%u ticks in "
	       "300 ms at %u Hz)", n, PIT_HZ);
	/* Mode 0 with a count: one last edge, then the output stays. */
	outb(0x43, 0x30);
	outb(0x40, 0xff);
	outb(0x40, 0xff);
}

int main(int argc, char **argv)
{
	uk_printf("\n");       /* past SeaBIOS's last line on pc/q35 */
	check_bad_arguments(8);
	check_rtc();
	for (int i = 1; i < argc; i++)
		if (str_eq(argv[i], "pit"))
			check_pit();
	return tap_done();
}

#elif defined(__aarch64__)

/* PL031 on QEMU virt (its device tree: pl031@9010000, SPI 2, level). */
#define PL031        0x09010000UL
#define RTCDR        0x00
#define RTCMR        0x04
#define RTCIMSC      0x10
#define RTCMIS       0x18
#define RTCICR       0x1c
#define PL031_INTID  (32 + 2)

static inline uint32_t rd(unsigned int off)
{
	return *(volatile uint32_t *)(PL031 + off);
}

static inline void wr(unsigned int off, uint32_t v)
{
	*(volatile uint32_t *)(PL031 + off) = v;
}

/* Clearing the match interrupt lowers the (level-triggered) line. */
static int rtc_ack(void *arg)
{
	uint32_t mis = rd(RTCMIS);

	(void)arg;
	if (mis & 1)
		wr(RTCICR, 1);
	seen[0]++;
	if (ukplat_irq_enabled())
		irqs_on_in_handler = 1;
	return mis & 1;
}

/*
 * The SPIs end where the distributor says (GICD_TYPER.ITLinesNumber):
 * irq.sh passes the INTID count QEMU's GIC has. The last SPI takes a
 * handler (its device never raises it), the next INTID is refused.
 */
static void check_spi_end(const char *arg)
{
	unsigned int lines = (unsigned int)str_to_i64(arg);
	int rc;

	rc = ukplat_irq_register(lines, UKPLAT_IRQ_LEVEL, count_only, NULL);
	tap_ok(rc == -EINVAL, "INTID %u, past the distributor's lines: -EINVAL "
	       "(got %d)", lines, rc);
	rc = ukplat_irq_register(lines - 1, UKPLAT_IRQ_EDGE, count_only, NULL);
	tap_ok(rc == 0, "INTID %u, its last SPI: accepted (got %d)", lines - 1,
	       rc);
}

int main(int argc, char **argv)
{
	unsigned int n;
	int rc;

	check_bad_arguments(PL031_INTID);
	rc = ukplat_irq_register(16 + 11, UKPLAT_IRQ_LEVEL, count_only, NULL);
	tap_ok(rc == -EINVAL, "a PPI (INTID 27) is not a device line: -EINVAL "
	       "(got %d)", rc);
	rc = ukplat_irq_register(PL031_INTID, UKPLAT_IRQ_ACTIVE_LOW,
				 count_only, NULL);
	tap_ok(rc == -EINVAL, "active low (the GIC has none): -EINVAL (got %d)",
	       rc);
	check_shared(PL031_INTID, UKPLAT_IRQ_LEVEL, rtc_ack);
	rc = ukplat_irq_register(PL031_INTID, UKPLAT_IRQ_EDGE, count_only, NULL);
	tap_ok(rc == -EBUSY || rc == -EINVAL,
	       "a full line refuses even other flags (got %d)", rc);

	wr(RTCIMSC, 0);
	wr(RTCICR, 1);
	wr(RTCMR, rd(RTCDR) + 1);
	wr(RTCIMSC, 1);
	wait_for(1, 3000 * MS);
	n = seen[0];
	tap_ok(n == 1, "the PL031 match interrupt arrived once within 3 s (%u)",
	       n);
	wait_for(0, 200 * MS);
	tap_ok(seen[0] == n, "acknowledged: the level line does not fire again "
	       "(%u more)", seen[0] - n);
	check_all_ran();
	wr(RTCIMSC, 0);
	if (argc > 1)
		check_spi_end(argv[1]);
	return tap_done();
}

#else
#error "irq.c: x86_64 or arm64"
#endif

/*
 * plat/kvm/x86_64/rtc.c - wall-clock time from the MC146818 CMOS RTC
 * (I/O ports 0x70/0x71), read once on first use and anchored to the
 * monotonic clock.
 */
#include <uk/plat.h>
#include "cpu.h"
#include "rtc_time.h"

#define CMOS_INDEX 0x70
#define CMOS_DATA  0x71
#define RTC_STATUS_A 0x0a

static int64_t boot_sec;
static int boot_sec_known;

/*
 * Index and data are two accesses: an interrupt handler between them (a
 * driver of the RTC's own interrupt, registered with ukplat_irq_register,
 * reads register C) would move the index.
 */
static uint8_t cmos_read(uint8_t reg)
{
	unsigned long flags = ukplat_irq_save();
	uint8_t v;

	outb(CMOS_INDEX, reg);
	v = inb(CMOS_DATA);
	ukplat_irq_restore(flags);
	return v;
}

static void read_regs(uint8_t regs[UKPLAT_RTC_NREGS], unsigned int century)
{
	static const uint8_t index[] = {
		[UKPLAT_RTC_SEC] = 0x00, [UKPLAT_RTC_MIN] = 0x02,
		[UKPLAT_RTC_HOUR] = 0x04, [UKPLAT_RTC_MDAY] = 0x07,
		[UKPLAT_RTC_MON] = 0x08, [UKPLAT_RTC_YEAR] = 0x09,
		[UKPLAT_RTC_STATUS_B] = 0x0b,
	};

	/* An update takes < 2 ms after UIP rises; wait it out (bounded). */
	for (unsigned long spin = 0; spin < 10000000UL; spin++) {
		if (!(cmos_read(RTC_STATUS_A) & UKPLAT_RTC_A_UIP))
			break;
	}
	for (int i = 0; i < UKPLAT_RTC_NREGS; i++)
		regs[i] = i == UKPLAT_RTC_CENTURY ? 0 : cmos_read(index[i]);
	if (century)
		regs[UKPLAT_RTC_CENTURY] = cmos_read((uint8_t)century);
}

/* Read twice until two reads agree: an update may land between them. */
static int rtc_now(int64_t *epoch)
{
	uint8_t a[UKPLAT_RTC_NREGS], b[UKPLAT_RTC_NREGS];
	unsigned int century = ukplat_x86_acpi_century_reg();
	int same;

	read_regs(a, century);
	for (int tries = 0; tries < 10; tries++) {
		read_regs(b, century);
		same = 1;
		for (int i = 0; i < UKPLAT_RTC_NREGS; i++)
			same &= a[i] == b[i];
		if (same)
			break;
		for (int i = 0; i < UKPLAT_RTC_NREGS; i++)
			a[i] = b[i];
	}
	return ukplat_rtc_decode(b, epoch);
}

int64_t ukplat_rtc_read_sec(void)
{
	int64_t now;

	return rtc_now(&now) < 0 ? -1 : now;
}

int64_t ukplat_wallclock_boot_sec(void)
{
	int64_t now;

	if (!boot_sec_known) {
		if (rtc_now(&now) < 0)
			return 0;
		boot_sec = now - (int64_t)(ukplat_monotonic_ns() / 1000000000ULL);
		boot_sec_known = 1;
	}
	return boot_sec;
}

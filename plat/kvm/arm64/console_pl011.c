/*
 * plat/kvm/arm64/console_pl011.c - the console on an Arm PL011 UART
 * (PrimeCell UART technical reference manual, DDI 0183): polled output
 * through the data register while the transmit FIFO is full, polled input
 * from the receive FIFO. QEMU's PL011 needs no baud-rate set-up; the
 * control register is left as the firmware (or reset) configured it.
 */
#include <stddef.h>
#include <uk/plat.h>
#include "arm64.h"

#define PL011_DR 0x00
#define PL011_FR 0x18
#define PL011_FR_RXFE (1u << 4) /* receive FIFO empty */
#define PL011_FR_TXFF (1u << 5) /* transmit FIFO full */

static uint64_t uart = UKPLAT_ARM64_FALLBACK_UART;

void ukplat_pl011_init(uint64_t base)
{
	uart = base;
}

void ukplat_console_write(const char *buf, size_t len)
{
	if (!uart)
		return;
	for (size_t i = 0; i < len; i++) {
		/* Bounded: a UART that never drains must not hang the kernel. */
		for (unsigned long spin = 0; spin < 1000000UL; spin++) {
			if (!(mmio_read32(uart + PL011_FR) & PL011_FR_TXFF))
				break;
		}
		mmio_write32(uart + PL011_DR, (unsigned char)buf[i]);
	}
}

size_t ukplat_console_read(char *buf, size_t len)
{
	size_t n = 0;

	if (!uart)
		return 0;
	while (n < len && !(mmio_read32(uart + PL011_FR) & PL011_FR_RXFE))
		buf[n++] = (char)(mmio_read32(uart + PL011_DR) & 0xff);
	return n;
}

/*
 * plat/kvm/x86_64/console_com1.c - the 16550 UART at COM1 (I/O port 0x3f8)
 * as the platform console: 115200 8N1, polled, no interrupts.
 */
#include <stddef.h>
#include <uk/plat.h>
#include "cpu.h"

#define COM1     0x3f8
#define COM_DATA 0
#define COM_IER  1
#define COM_LCR  3
#define COM_MCR  4
#define COM_LSR  5
#define LSR_DR   0x01
#define LSR_THRE 0x20

void ukplat_com1_init(void)
{
	outb(COM1 + COM_IER, 0x00);
	outb(COM1 + COM_LCR, 0x80); /* DLAB: divisor follows */
	outb(COM1 + COM_DATA, 0x01); /* 115200 baud */
	outb(COM1 + COM_IER, 0x00);
	outb(COM1 + COM_LCR, 0x03); /* 8N1 */
	/* FCR untouched: changing it clears the receive FIFO, and input may
	 * already be waiting there. */
	outb(COM1 + COM_MCR, 0x03); /* DTR, RTS; OUT2 off: no IRQ */
}

void ukplat_console_write(const char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		/*
		 * Bounded wait: an absent UART reads back 0xff (THRE set), a
		 * wedged one must not hang the kernel.
		 */
		for (unsigned int spin = 0; spin < 100000; spin++) {
			if (inb(COM1 + COM_LSR) & LSR_THRE)
				break;
		}
		outb(COM1 + COM_DATA, (uint8_t)buf[i]);
	}
}

size_t ukplat_console_read(char *buf, size_t len)
{
	size_t n = 0;

	while (n < len && (inb(COM1 + COM_LSR) & LSR_DR))
		buf[n++] = (char)inb(COM1 + COM_DATA);
	return n;
}

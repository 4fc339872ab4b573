/*
 * plat/kvm/x86_64/pci.c - PCI configuration space through configuration
 * mechanism #1 (PCI Local Bus 3.0, 3.2.2.3.2): the dword address at port
 * 0xcf8 (bit 31 enable, bus 23:16, device 15:11, function 10:8, register
 * 7:2), the data at 0xcfc-0xcff. QEMU pc and q35 both decode it; on
 * microvm nothing answers and reads give all ones. Also the port I/O the
 * I/O BARs of plat/common need.
 */
#include <stdint.h>
#include <uk/plat.h>
#include "pci.h"

#define CONFIG_ADDRESS 0xcf8
#define CONFIG_DATA    0xcfc

static volatile int lock;       /* the address/data pair is shared */

uint32_t ukplat_pci_io_read(uint32_t port, unsigned int width)
{
	uint16_t p = (uint16_t)port;
	uint32_t v;

	if (width == 1) {
		uint8_t b;

		__asm__ __volatile__("inb %1, %0" : "=a"(b) : "Nd"(p));
		v = b;
	} else if (width == 2) {
		uint16_t w;

		__asm__ __volatile__("inw %1, %0" : "=a"(w) : "Nd"(p));
		v = w;
	} else {
		__asm__ __volatile__("inl %1, %0" : "=a"(v) : "Nd"(p));
	}
	return v;
}

void ukplat_pci_io_write(uint32_t port, unsigned int width, uint32_t v)
{
	uint16_t p = (uint16_t)port;

	if (width == 1)
		__asm__ __volatile__("outb %0, %1" : : "a"((uint8_t)v), "Nd"(p));
	else if (width == 2)
		__asm__ __volatile__("outw %0, %1" : : "a"((uint16_t)v), "Nd"(p));
	else
		__asm__ __volatile__("outl %0, %1" : : "a"(v), "Nd"(p));
}

static unsigned long select_reg(uint16_t bdf, unsigned int off)
{
	unsigned long saved = ukplat_irq_save();

	while (__atomic_exchange_n(&lock, 1, __ATOMIC_ACQUIRE))
		__asm__ __volatile__("pause");
	ukplat_pci_io_write(CONFIG_ADDRESS, 4,
			    0x80000000u | (uint32_t)bdf << 8 | (off & 0xfc));
	return saved;
}

static void release(unsigned long saved)
{
	__atomic_store_n(&lock, 0, __ATOMIC_RELEASE);
	ukplat_irq_restore(saved);
}

uint32_t ukplat_pci_cfg_read(uint16_t bdf, unsigned int off,
			     unsigned int width)
{
	unsigned long saved = select_reg(bdf, off);
	uint32_t v = ukplat_pci_io_read(CONFIG_DATA + (off & 3), width);

	release(saved);
	return v;
}

void ukplat_pci_cfg_write(uint16_t bdf, unsigned int off, unsigned int width,
			  uint32_t v)
{
	unsigned long saved = select_reg(bdf, off);

	ukplat_pci_io_write(CONFIG_DATA + (off & 3), width, v);
	release(saved);
}

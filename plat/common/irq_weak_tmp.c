/*
 * plat/common/irq_weak_tmp.c - TEMPORARY stand-ins for the device
 * interrupt registration of uk/plat.h, so that the virtio branch links
 * before the interrupt controller branch (I/O APIC, GIC SPIs) is merged;
 * its strong definitions win over these. Delete at that merge.
 */
#include <errno.h>
#include <uk/plat.h>

__attribute__((weak)) int ukplat_irq_register(unsigned int irq,
					      unsigned int flags,
					      ukplat_irq_handler_t handler,
					      void *arg)
{
	(void)irq;
	(void)flags;
	(void)handler;
	(void)arg;
	return -ENODEV;
}

__attribute__((weak)) unsigned int ukplat_irq_handlers(void)
{
	return 0;
}

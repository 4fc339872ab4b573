/*
 * plat/common/virtio/virtio_pci.h - private to the virtio-pci transport:
 * one device's state, shared by the probe and interrupt code
 * (virtio_pci.c) and the register access of both interfaces
 * (virtio_pci_ops.c: modern 4.1.4.3, legacy 4.1.4.8).
 */
#ifndef UKPLAT_VIRTIO_PCI_H
#define UKPLAT_VIRTIO_PCI_H

#include "pci.h"
#include "virtio.h"

#define VPCI_MAX_QUEUES   VIRTIO_MAX_QUEUES
#define VIRTIO_MSI_NONE   0xffff

/* Legacy I/O BAR0 registers (4.1.4.8). */
#define VPCI_L_HOST_FEATURES   0x00
#define VPCI_L_GUEST_FEATURES  0x04
#define VPCI_L_QUEUE_PFN       0x08
#define VPCI_L_QUEUE_SIZE      0x0c
#define VPCI_L_QUEUE_SEL       0x0e
#define VPCI_L_QUEUE_NOTIFY    0x10
#define VPCI_L_STATUS          0x12
#define VPCI_L_ISR             0x13
#define VPCI_L_MSIX_CONFIG     0x14     /* with MSI-X enabled only */
#define VPCI_L_MSIX_QUEUE      0x16
#define VPCI_L_CONFIG          0x14     /* 0x18 with MSI-X enabled */
#define VPCI_L_CONFIG_MSIX     0x18

/* Modern common configuration (4.1.4.3). */
#define VPCI_C_DFSELECT        0x00
#define VPCI_C_DF              0x04
#define VPCI_C_GFSELECT        0x08
#define VPCI_C_GF              0x0c
#define VPCI_C_MSIX_CONFIG     0x10
#define VPCI_C_NUM_QUEUES      0x12
#define VPCI_C_STATUS          0x14
#define VPCI_C_CFG_GEN         0x15
#define VPCI_C_Q_SELECT        0x16
#define VPCI_C_Q_SIZE          0x18
#define VPCI_C_Q_MSIX          0x1a
#define VPCI_C_Q_ENABLE        0x1c
#define VPCI_C_Q_NOFF          0x1e
#define VPCI_C_Q_DESC          0x20
#define VPCI_C_Q_DRIVER        0x28
#define VPCI_C_Q_DEVICE        0x30
#define VPCI_C_SIZE            0x38

struct vpci {
	struct ukplat_virtio_dev d;     /* first: the ops get &d */
	uint16_t bdf;
	uint8_t irq_line, irq_pin;
	bool msix;                      /* MSI-X enabled at the device */
	/* modern: mapped addresses of the structures (d.base: common) */
	uintptr_t notify, isr, devcfg;
	uint32_t notify_len, notify_mult, devcfg_len;
	uint32_t qnotify[VPCI_MAX_QUEUES]; /* offsets into notify */
	/* legacy: the I/O BAR and where its device configuration starts */
	uint32_t io;
	unsigned int cfg_off;
	uint32_t queues;                /* bit n: queue n set up */
	/* MSI-X */
	uint8_t msix_cap;
	uint16_t msix_size;
	volatile uint32_t *msix_table;
};

static inline struct vpci *to_vpci(struct ukplat_virtio_dev *d)
{
	return (struct vpci *)d;
}

extern const struct ukplat_virtio_ops ukplat_virtio_pci_modern_ops;
extern const struct ukplat_virtio_ops ukplat_virtio_pci_legacy_ops;

/* Point the device's configuration and queue interrupts at MSI-X
 * entries (virtio_pci_ops.c); -EIO when the device refuses one. */
int ukplat_virtio_pci_set_vectors(struct vpci *v, uint16_t config,
				  const uint16_t *queue);

/* The ops' intr_register (virtio_pci.c): MSI-X, else INTx. */
int ukplat_virtio_pci_intr_register(struct ukplat_virtio_dev *d,
				    const struct ukplat_virtio_irqs *irqs);

#endif /* UKPLAT_VIRTIO_PCI_H */

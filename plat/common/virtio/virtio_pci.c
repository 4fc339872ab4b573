/*
 * plat/common/virtio/virtio_pci.c - virtio over PCI (virtio 1.2, 4.1):
 * which functions are virtio devices (vendor 0x1af4; device 0x1040 + type
 * for modern-only ones, 0x1000-0x103f transitional with the type in the
 * subsystem id, 4.1.2), which interface to drive (modern when its
 * capabilities are usable, else legacy through I/O BAR0), mapping the
 * BAR windows used, and the interrupts: MSI-X (PCI 3.0, 6.8.2; one vector
 * for configuration changes and one per queue, running the driver's
 * handler for that queue, when the table is large enough, else one for
 * all) or, without it, the INTx line firmware wrote
 * into the interrupt line register.
 */
#include <uk/print.h>
#include <ukbase/format.h>
#include "virtio_pci.h"

#define VIRTIO_PCI_VENDOR   0x1af4
#define MSIX_CTRL           2           /* in the capability */
#define MSIX_CTRL_ENABLE    0x8000
#define MSIX_CTRL_FNMASK    0x4000
#define MSIX_ENTRY_WORDS    4           /* addr lo, addr hi, data, ctrl */
#define MSIX_VEC_MASKED     1
#define VPCI_MAX_DEVS       8

static struct vpci devs[VPCI_MAX_DEVS];
static unsigned int ndevs;

/* The configuration vector: nothing to do (the driver ignores changes),
 * but it is ours. */
static int config_irq(void *arg)
{
	(void)arg;
	return 1;
}

static void msix_ctrl(struct vpci *v, uint16_t set, uint16_t clear)
{
	unsigned int r = v->msix_cap + MSIX_CTRL;
	uint16_t c = (uint16_t)ukplat_pci_cfg_read(v->bdf, r, 2);

	ukplat_pci_cfg_write(v->bdf, r, 2, (c | set) & ~clear);
}

/* Take a vector running fn(arg) and write it into table entry 'e'. */
static int msix_entry(struct vpci *v, unsigned int e, ukplat_irq_handler_t fn,
		      void *arg)
{
	volatile uint32_t *t = v->msix_table + e * MSIX_ENTRY_WORDS;
	uint64_t addr;
	uint32_t data;
	int rc = ukplat_pci_msi_alloc(fn, arg, &addr, &data);

	if (rc < 0)
		return rc;
	t[0] = (uint32_t)addr;
	t[1] = (uint32_t)(addr >> 32);
	t[2] = data;
	t[3] = 0; /* unmasked */
	return 0;
}

static void describe(struct vpci *v);

static int msix_setup(struct vpci *v, const struct ukplat_virtio_irqs *irqs)
{
	uint16_t qvec[VPCI_MAX_QUEUES];
	unsigned int nq = 0, e = 1;
	bool shared;
	int rc;

	for (unsigned int q = 0; q < VPCI_MAX_QUEUES; q++)
		nq += (v->queues >> q) & 1;  /* no libgcc popcount */
	shared = v->msix_size < nq + 1;
	if (shared)
		uk_pr_info("%s: %u MSI-X entries for %u queues: one vector for all",
			   v->d.where, v->msix_size, nq);

	/* Entry 0: configuration changes, and everything when shared. */
	rc = msix_entry(v, 0, shared ? irqs->all : config_irq, irqs->all_arg);
	for (unsigned int q = 0; !rc && q < VPCI_MAX_QUEUES; q++) {
		bool own = irqs->queue && irqs->queue_arg[q];

		qvec[q] = shared ? 0 : (uint16_t)e;
		if (!shared && (v->queues & (1u << q)))
			rc = msix_entry(v, e++, own ? irqs->queue : irqs->all,
					own ? irqs->queue_arg[q] : irqs->all_arg);
	}
	if (!rc)
		rc = ukplat_virtio_pci_set_vectors(v, 0, qvec);
	if (!rc)
		msix_ctrl(v, 0, MSIX_CTRL_FNMASK);
	return rc;
}

/* Back to INTx: MSI-X off, the legacy configuration where it was. */
static void msix_off(struct vpci *v)
{
	msix_ctrl(v, 0, MSIX_CTRL_ENABLE);
	v->msix = false;
	v->cfg_off = VPCI_L_CONFIG;
}

int ukplat_virtio_pci_intr_register(struct ukplat_virtio_dev *d,
				    const struct ukplat_virtio_irqs *irqs)
{
	struct vpci *v = to_vpci(d);
	int rc;

	if (v->msix) {
		rc = msix_setup(v, irqs);
		if (!rc)
			return 0;
		/* Vectors already taken stay taken: boot time only. */
		uk_pr_warn("%s: MSI-X setup failed (error %d): INTx",
			   d->where, rc);
		msix_off(v);
		describe(v);
	}
	/* PCI 3.0, 6.2.4: 0 no pin; line 0xff unknown / not connected. */
	if (!v->irq_pin || v->irq_line == 0xff || !v->irq_line)
		return -ENODEV;
	ukplat_pci_cfg_write(v->bdf, PCI_COMMAND, 2,
			     ukplat_pci_cfg_read(v->bdf, PCI_COMMAND, 2) &
			     ~PCI_CMD_INTX_OFF);
	/* PCI INTx is level, active low; an ISA line's MADT override wins. */
	return ukplat_irq_register(v->irq_line,
				   UKPLAT_IRQ_LEVEL | UKPLAT_IRQ_ACTIVE_LOW,
				   irqs->all, irqs->all_arg);
}

/* Map [bar + off, + len) of a memory BAR; the address, or 0. */
static uintptr_t map_region(const struct ukplat_pci_dev *p, unsigned int bar,
			    uint64_t off, uint64_t len)
{
	if (bar >= PCI_BARS || !p->bar[bar] || (p->bar_io & (1u << bar)) ||
	    off > p->bar_size[bar] || len > p->bar_size[bar] - off || !len)
		return 0;
	if (ukplat_virtio_map_device(p->bar[bar] + off, len) < 0)
		return 0;
	return (uintptr_t)(p->bar[bar] + off);
}

static bool setup_modern(struct vpci *v, const struct ukplat_pci_dev *p,
			 const struct ukplat_virtio_pci_layout *l)
{
	const struct ukplat_virtio_pci_region *r = l->r;
	uintptr_t common;

	common = map_region(p, r[VIRTIO_PCI_CAP_COMMON].bar,
			    r[VIRTIO_PCI_CAP_COMMON].off,
			    r[VIRTIO_PCI_CAP_COMMON].len);
	v->notify = map_region(p, r[VIRTIO_PCI_CAP_NOTIFY].bar,
			       r[VIRTIO_PCI_CAP_NOTIFY].off,
			       r[VIRTIO_PCI_CAP_NOTIFY].len);
	v->isr = map_region(p, r[VIRTIO_PCI_CAP_ISR].bar,
			    r[VIRTIO_PCI_CAP_ISR].off, 1);
	v->devcfg = map_region(p, r[VIRTIO_PCI_CAP_DEVICE].bar,
			       r[VIRTIO_PCI_CAP_DEVICE].off,
			       r[VIRTIO_PCI_CAP_DEVICE].len);
	if (!common || r[VIRTIO_PCI_CAP_COMMON].len < VPCI_C_SIZE ||
	    !v->notify || !v->isr || !v->devcfg)
		return false;
	v->d.base = common;
	v->notify_len = r[VIRTIO_PCI_CAP_NOTIFY].len;
	v->notify_mult = l->notify_mult;
	v->devcfg_len = r[VIRTIO_PCI_CAP_DEVICE].len;
	v->d.ops = &ukplat_virtio_pci_modern_ops;
	v->d.version = 2;
	return true;
}

static bool setup_legacy(struct vpci *v, const struct ukplat_pci_dev *p)
{
	if (p->device >= 0x1040 || !(p->bar_io & 1) || !p->bar[0] ||
	    p->bar_size[0] < VPCI_L_CONFIG_MSIX)
		return false;
	v->io = (uint32_t)p->bar[0];
	v->d.ops = &ukplat_virtio_pci_legacy_ops;
	v->d.version = 1;
	v->d.legacy = true;
	return true;
}

/* MSI-X on, every entry masked until a vector is written into it. */
static void setup_msix(struct vpci *v, const struct ukplat_pci_dev *p,
		       const struct ukplat_virtio_pci_layout *l)
{
	uintptr_t t;

	if (!l->msix_off)
		return;
	t = map_region(p, l->msix_bar, l->msix_table,
		       (uint64_t)l->msix_size * 16);
	if (!t) {
		uk_pr_warn("virtio-pci %s: MSI-X table unusable: INTx", v->d.where);
		return;
	}
	v->msix_cap = l->msix_off;
	v->msix_size = l->msix_size;
	v->msix_table = (volatile uint32_t *)t;
	msix_ctrl(v, MSIX_CTRL_ENABLE | MSIX_CTRL_FNMASK, 0);
	for (unsigned int i = 0; i < v->msix_size; i++)
		v->msix_table[i * MSIX_ENTRY_WORDS + 3] = MSIX_VEC_MASKED;
	v->msix = true;
}

/* The device type a function is, 0: not a virtio device. */
static unsigned int virtio_type(const struct ukplat_pci_dev *p)
{
	if (p->vendor != VIRTIO_PCI_VENDOR)
		return 0;
	if (p->device >= 0x1040 && p->device <= 0x107f)
		return p->device - 0x1040u;
	if (p->device >= 0x1000 && p->device <= 0x103f)
		return p->subsys;
	return 0;
}

static void describe(struct vpci *v)
{
	char irq[16] = "";

	if (!v->msix)
		uk_snprintf(irq, sizeof(irq), " irq %u", v->irq_line);
	uk_snprintf(v->d.where, sizeof(v->d.where),
		    "%s virtio-pci %02x:%02x.%x %s%s",
		    v->d.legacy ? "legacy" : "modern", v->bdf >> 8,
		    (v->bdf >> 3) & 0x1f, v->bdf & 7,
		    v->msix ? "msix" : "intx", irq);
}

static void probe(struct ukplat_pci_dev *p)
{
	struct ukplat_virtio_pci_layout l;
	unsigned int type = virtio_type(p);
	const char *why = "";
	struct vpci *v;
	int rc;

	if (!type)
		return;
	if (type != VIRTIO_ID_NET) {
		uk_pr_info("virtio-pci %02x:%02x.%x: device type %u has no driver",
			   p->bdf >> 8, (p->bdf >> 3) & 0x1f, p->bdf & 7, type);
		return;
	}
	if (ndevs == VPCI_MAX_DEVS)
		return;
	v = &devs[ndevs];
	*v = (struct vpci){ .bdf = p->bdf, .irq_line = p->irq_line,
			    .irq_pin = p->irq_pin, .cfg_off = VPCI_L_CONFIG };
	v->d.device_id = type;
	rc = ukplat_virtio_pci_layout(p->cfg, &l, &why);
	if (rc < 0) {
		/* A broken list: no modern interface, no MSI-X. */
		uk_pr_warn("virtio-pci %02x:%02x.%x: %s (error %d)",
			   p->bdf >> 8, (p->bdf >> 3) & 0x1f, p->bdf & 7, why, rc);
		l = (struct ukplat_virtio_pci_layout){ .msix_off = 0 };
		for (unsigned int i = 0; i < 5; i++)
			l.r[i].bar = PCI_BARS;
	}
	if (!setup_modern(v, p, &l) && !setup_legacy(v, p)) {
		uk_pr_warn("virtio-pci %02x:%02x.%x: no usable interface",
			   p->bdf >> 8, (p->bdf >> 3) & 0x1f, p->bdf & 7);
		return;
	}
	ndevs++;
	ukplat_pci_enable(p, false);
	setup_msix(v, p, &l);
	if (v->msix && v->d.legacy)
		v->cfg_off = VPCI_L_CONFIG_MSIX; /* 4.1.4.8 */
	describe(v);
	v->d.ops->reset(&v->d);
	v->d.ops->status_add(&v->d, VIRTIO_STATUS_ACKNOWLEDGE);
	v->d.ops->status_add(&v->d, VIRTIO_STATUS_DRIVER);
	ukplat_virtio_net_attach(&v->d);
}

void ukplat_virtio_pci_scan(void)
{
	ukplat_pci_scan(probe);
}

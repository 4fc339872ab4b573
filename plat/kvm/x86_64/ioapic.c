/*
 * plat/kvm/x86_64/ioapic.c - device interrupts (uk/plat.h
 * ukplat_irq_register) through the I/O APICs (Intel 82093AA datasheet:
 * IOREGSEL at +0x00, IOWIN at +0x10; register 1, the version, gives the
 * number of redirection entries; entry n is registers 0x10 + 2n, low
 * word first), delivered to the boot CPU's local APIC.
 *
 * The I/O APICs and the ISA IRQ overrides come from the ACPI MADT
 * (plat/common/acpi_madt.c). Without a usable one (QEMU -M
 * microvm,acpi=off), one I/O APIC at 0xfec00000 serving GSIs from 0 with
 * the ISA IRQs on the inputs of the same number is assumed, and the
 * console says so. Set up on the first registration, like the local APIC
 * (apic.c), so that a program without device interrupts runs as before.
 *
 * Each line in use gets its own IDT vector (UKPLAT_VECTOR_IRQ_*); the
 * trap path (traps.c) hands those vectors to ukplat_x86_irq_dispatch,
 * which runs every handler of the line and then ends the interrupt at the
 * local APIC (which, for a level-triggered line, also ends it at the I/O
 * APIC: the EOI is broadcast, SDM vol. 3, 10.8.5).
 *
 * Message-signalled interrupts (PCI MSI-X) take vectors from the same
 * table (ukplat_pci_msi_alloc): such a line has no pin, one handler, and
 * is ended at the local APIC like the others.
 *
 * A CPU without a local APIC can take no I/O APIC or MSI interrupt: then
 * the 8259 PICs (pic.c) carry the ISA IRQs 0-15, PCI INTx lines among
 * them, on the vectors the PICs own (UKPLAT_VECTOR_PIC + IRQ), and the
 * same handler table serves them (ukplat_x86_pic_dispatch). The console
 * says which controller is in use.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <uk/bootinfo.h>
#include <uk/plat.h>
#include <uk/print.h>
#include <ukbase/string.h>
#include "acpi.h"
#include "cpu.h"
#include "pci.h"
#include "phys_access.h"

#define IOREGSEL          0x00
#define IOWIN             0x10
#define IOAPIC_VER        0x01
#define IOAPIC_REDTBL(n)  (0x10 + 2 * (n))
#define VER_MAX_REDIR(v)  (((v) >> 16) & 0xff)

/* Redirection entry, low word (82093AA 3.2.4); destination in 63:56. */
#define RTE_POLARITY_LOW  (1u << 13)
#define RTE_LEVEL         (1u << 15)
#define RTE_MASKED        (1u << 16)
#define RTE_DEST_SHIFT    24      /* in the high word */

#define FALLBACK_ADDR     0xfec00000u
#define ISA_IRQS          16
#define IRQ_FLAGS         (UKPLAT_IRQ_LEVEL | UKPLAT_IRQ_ACTIVE_LOW)
#define MSI_GSI           0xffffffffu     /* a line without a pin */
#define MSI_ADDR          0xfee00000u     /* SDM vol. 3, 10.11.1 */
#define MSI_DEST_SHIFT    12

struct ioapic {
	volatile uint32_t *regs;
	uint32_t gsi_base;
	unsigned int lines;     /* redirection entries */
};

struct irq_line {
	uint32_t gsi;
	unsigned int flags;     /* UKPLAT_IRQ_LEVEL / _ACTIVE_LOW in use */
	volatile unsigned int count;
	struct {
		ukplat_irq_handler_t fn;
		void *arg;
	} h[UKPLAT_IRQ_MAX_SHARED];
};

static int state;               /* 0: not tried, 1: ready, -1: unusable */
static bool pic_mode;           /* no local APIC: the PICs (pic.c) */
static struct ioapic ioapics[UKPLAT_ACPI_MAX_IOAPICS];
static unsigned int nr_ioapics;
static struct ukplat_acpi_irqs routing;
/* lines[i] is vector UKPLAT_VECTOR_IRQ_FIRST + i; the first nr_lines used. */
static struct irq_line lines[UKPLAT_VECTOR_IRQ_COUNT];
static volatile unsigned int nr_lines;
static volatile unsigned int nr_handlers;
static volatile int lock;       /* registrations from several CPUs */

static uint32_t ioapic_read(const struct ioapic *io, uint32_t reg)
{
	io->regs[IOREGSEL / 4] = reg;
	return io->regs[IOWIN / 4];
}

static void ioapic_write(const struct ioapic *io, uint32_t reg, uint32_t v)
{
	io->regs[IOREGSEL / 4] = reg;
	io->regs[IOWIN / 4] = v;
}

static int add_ioapic(uint32_t addr, uint32_t gsi_base)
{
	struct ioapic *io = &ioapics[nr_ioapics];
	int rc = ukplat_x86_map_device(addr, 0x20);

	if (rc < 0) {
		uk_pr_warn("ioapic: cannot map the I/O APIC at 0x%x (error %d)",
			   addr, -rc);
		return rc;
	}
	io->regs = (volatile uint32_t *)(uintptr_t)addr;
	io->gsi_base = gsi_base;
	io->lines = VER_MAX_REDIR(ioapic_read(io, IOAPIC_VER)) + 1;
	/* Whatever firmware left: every input masked until registered. */
	for (unsigned int i = 0; i < io->lines; i++)
		ioapic_write(io, IOAPIC_REDTBL(i), RTE_MASKED);
	uk_pr_info("ioapic: I/O APIC at 0x%x, GSIs %u-%u", addr, gsi_base,
		   gsi_base + io->lines - 1);
	nr_ioapics++;
	return 0;
}

static void find_ioapics(void)
{
	const struct uk_bootinfo *bi = uk_bootinfo_get();
	const uint8_t *madt;
	const char *why;
	uint64_t pa;
	int rc;

	rc = ukplat_acpi_find_madt(bi ? bi->rsdp : 0, &ukplat_x86_phys, &pa,
				   &madt, &why);
	if (!rc)
		rc = ukplat_acpi_madt_irqs(madt,
			((const struct ukplat_acpi_sdt_hdr *)madt)->length,
			&routing, &why);
	if (rc) {
		uk_memset(&routing, 0, sizeof(routing));
		uk_pr_info("ioapic: no usable MADT (%s): assuming one I/O APIC "
			   "at 0x%x, GSIs from 0, ISA IRQs identity-mapped",
			   why, FALLBACK_ADDR);
		add_ioapic(FALLBACK_ADDR, 0);
		return;
	}
	for (unsigned int i = 0; i < routing.nr_ioapics; i++)
		add_ioapic(routing.ioapic[i].addr, routing.ioapic[i].gsi_base);
	for (unsigned int i = 0; i < routing.nr_overrides; i++)
		uk_pr_info("ioapic: ISA IRQ %u -> GSI %u (%s, active %s)",
			   routing.override[i].isa, routing.override[i].gsi,
			   routing.override[i].level ? "level" : "edge",
			   routing.override[i].active_low ? "low" : "high");
	if (routing.dropped)
		uk_pr_warn("ioapic: %u MADT routing entries not used",
			   routing.dropped);
}

static int init(void)
{
	if (state)
		return state > 0 ? 0 : -ENODEV;
	state = -1;
	/* The vectors are delivered to it: it must be on before any arrives. */
	if (ukplat_x86_apic_init() < 0) {
		pic_mode = true;
		state = 1;
		uk_pr_info("irq: no local APIC: device interrupts through the "
			   "8259 PICs (ISA IRQs 0-15)");
		return 0;
	}
	if (ukplat_x86_lcpus[0].apic_id > 0xff) {
		uk_pr_warn("ioapic: boot CPU's APIC id %u does not fit an I/O "
			   "APIC destination: no device interrupts",
			   ukplat_x86_lcpus[0].apic_id);
		return -ENODEV;
	}
	find_ioapics();
	if (!nr_ioapics)
		return -ENODEV;
	state = 1;
	return 0;
}

static struct ioapic *ioapic_of(uint32_t gsi, unsigned int *pin)
{
	for (unsigned int i = 0; i < nr_ioapics; i++) {
		struct ioapic *io = &ioapics[i];

		if (gsi >= io->gsi_base && gsi - io->gsi_base < io->lines) {
			*pin = gsi - io->gsi_base;
			return io;
		}
	}
	return NULL;
}

/* Point the input at 'vector' on the boot CPU, masked or not. */
static void program(struct ioapic *io, unsigned int pin, unsigned int flags,
		    unsigned int vector, bool masked)
{
	uint32_t lo = vector; /* fixed delivery, physical destination */

	if (flags & UKPLAT_IRQ_LEVEL)
		lo |= RTE_LEVEL;
	if (flags & UKPLAT_IRQ_ACTIVE_LOW)
		lo |= RTE_POLARITY_LOW;
	/* Masked while the two halves disagree. */
	ioapic_write(io, IOAPIC_REDTBL(pin), lo | RTE_MASKED);
	ioapic_write(io, IOAPIC_REDTBL(pin) + 1,
		     ukplat_x86_lcpus[0].apic_id << RTE_DEST_SHIFT);
	if (!masked)
		ioapic_write(io, IOAPIC_REDTBL(pin), lo);
}

static int add_handler(uint32_t gsi, unsigned int flags,
		       ukplat_irq_handler_t fn, void *arg)
{
	struct irq_line *l = NULL;
	struct ioapic *io = NULL;
	unsigned int pin = 0, n;

	if (pic_mode) {
		/* IRQ 2 is the slave PIC's cascade: no device has it. */
		if (gsi >= ISA_IRQS || gsi == 2)
			return -EINVAL;
	} else {
		io = ioapic_of(gsi, &pin);
		if (!io)
			return -EINVAL;
	}
	for (unsigned int i = 0; i < nr_lines; i++)
		if (lines[i].gsi == gsi)
			l = &lines[i];
	if (l) {
		if (l->count == UKPLAT_IRQ_MAX_SHARED)
			return -EBUSY;
		/* One input has one signal: a different one is a mistake. */
		if (l->flags != flags)
			return -EINVAL;
	} else {
		if (nr_lines == UKPLAT_VECTOR_IRQ_COUNT)
			return -EBUSY;  /* no vector left */
		l = &lines[nr_lines];
		l->gsi = gsi;
		l->flags = flags;
		l->count = 0;
		if (io)
			program(io, pin, flags,
				UKPLAT_VECTOR_IRQ_FIRST + nr_lines, true);
		nr_lines++;
	}
	n = l->count;
	l->h[n].fn = fn;
	l->h[n].arg = arg;
	/* The dispatch on another CPU sees the entry before the count. */
	__atomic_store_n(&l->count, n + 1, __ATOMIC_RELEASE);
	if (n == 0 && io)
		program(io, pin, flags,
			UKPLAT_VECTOR_IRQ_FIRST + (unsigned int)(l - lines), false);
	else if (n == 0)
		ukplat_x86_pic_enable(gsi, flags & UKPLAT_IRQ_LEVEL);
	nr_handlers++;
	return 0;
}

int ukplat_irq_register(unsigned int irq, unsigned int flags,
			ukplat_irq_handler_t handler, void *arg)
{
	unsigned long saved;
	uint32_t gsi = irq;
	int rc;

	if (!handler || (flags & ~IRQ_FLAGS))
		return -EINVAL;
	saved = ukplat_irq_save();
	while (__atomic_exchange_n(&lock, 1, __ATOMIC_ACQUIRE))
		__asm__ __volatile__("pause");
	rc = init();
	if (!rc && irq < ISA_IRQS && !pic_mode) {
		bool level, low;

		/* The ISA bus fixes the signal; only an override changes it. */
		ukplat_acpi_isa_irq(&routing, irq, &gsi, &level, &low);
		flags = (level ? UKPLAT_IRQ_LEVEL : UKPLAT_IRQ_EDGE) |
			(low ? UKPLAT_IRQ_ACTIVE_LOW : UKPLAT_IRQ_ACTIVE_HIGH);
	}
	if (!rc)
		rc = add_handler(gsi, flags, handler, arg);
	__atomic_store_n(&lock, 0, __ATOMIC_RELEASE);
	ukplat_irq_restore(saved);
	return rc;
}

static void lock_take(unsigned long *saved)
{
	*saved = ukplat_irq_save();
	while (__atomic_exchange_n(&lock, 1, __ATOMIC_ACQUIRE))
		__asm__ __volatile__("pause");
}

static void lock_drop(unsigned long saved)
{
	__atomic_store_n(&lock, 0, __ATOMIC_RELEASE);
	ukplat_irq_restore(saved);
}

/*
 * A vector of its own for a message: physical destination the boot CPU,
 * fixed delivery, edge (SDM vol. 3, 10.11.1-2: address bits 19:12 the
 * APIC id, data bits 7:0 the vector, the rest 0).
 */
int ukplat_pci_msi_alloc(int (*fn)(void *), void *arg, uint64_t *addr,
			 uint32_t *data)
{
	unsigned long saved;
	struct irq_line *l;
	int rc;

	if (!fn)
		return -EINVAL;
	lock_take(&saved);
	rc = init();
	if (!rc && pic_mode)
		rc = -ENODEV; /* messages go to a local APIC */
	if (!rc && nr_lines == UKPLAT_VECTOR_IRQ_COUNT)
		rc = -EBUSY;
	if (!rc) {
		l = &lines[nr_lines];
		l->gsi = MSI_GSI;
		l->flags = UKPLAT_IRQ_EDGE;
		l->h[0].fn = fn;
		l->h[0].arg = arg;
		l->count = 1;
		*addr = MSI_ADDR |
			(uint64_t)ukplat_x86_lcpus[0].apic_id << MSI_DEST_SHIFT;
		*data = UKPLAT_VECTOR_IRQ_FIRST + nr_lines;
		/* The dispatch sees the line complete before it counts. */
		__atomic_store_n(&nr_lines, nr_lines + 1, __ATOMIC_RELEASE);
		nr_handlers++;
	}
	lock_drop(saved);
	return rc;
}

unsigned int ukplat_irq_handlers(void)
{
	return nr_handlers;
}

static void (*guard_enter)(void), (*guard_leave)(void);

void ukplat_irq_set_guard(void (*enter)(void), void (*leave)(void))
{
	guard_enter = enter;
	guard_leave = leave;
}

/* Every handler of line l, inside the guard. */
static void run_line(const struct irq_line *l)
{
	unsigned int n = __atomic_load_n(&l->count, __ATOMIC_ACQUIRE);
	void (*leave)(void) = guard_leave;

	if (guard_enter && leave)
		guard_enter();
	for (unsigned int k = 0; k < n; k++)
		l->h[k].fn(l->h[k].arg);
	if (guard_enter && leave)
		leave();
}

void ukplat_x86_irq_dispatch(unsigned int vector)
{
	unsigned int i = vector - UKPLAT_VECTOR_IRQ_FIRST;

	if (i < nr_lines)
		run_line(&lines[i]);
	ukplat_x86_apic_eoi();
}

int ukplat_x86_pic_dispatch(unsigned int vector)
{
	unsigned int irq = vector - UKPLAT_VECTOR_PIC;

	if (!pic_mode || irq >= ISA_IRQS)
		return 0;
	if (ukplat_x86_pic_spurious(irq))
		return 1;
	for (unsigned int i = 0; i < nr_lines; i++)
		if (lines[i].gsi == irq)
			run_line(&lines[i]);
	ukplat_x86_pic_eoi(irq);
	return 1;
}

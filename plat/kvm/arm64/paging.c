/*
 * plat/kvm/arm64/paging.c - the run-time page tables (VMSAv8-64, 4 KiB
 * granule, 48-bit VA, TTBR0 only), built with the portable walker of
 * uk/paging.h once the page allocator works, then switched to in one step.
 *
 *   identity    the image with per-section permissions: text read-only
 *               and executable, rodata read-only, data/bss read-write and
 *               never executable; all other RAM read-write, never
 *               executable; the devices the platform drives (Device-nGnRE).
 *               Nothing else: NULL and unknown MMIO fault.
 *   L0[511]     the direct map: every 1 GiB of the first 512 GiB of
 *               physical memory that holds RAM, as one block each, at
 *               UKPLAT_DIRECTMAP_BASE; the walker reaches table pages
 *               through it.
 *   guards      the pages below the kernel's stacks stay unmapped.
 *
 * Switching is seamless because every address in use (code, stacks,
 * heap, the tables) keeps its virtual address. With W^X on, SCTLR_EL1.WXN
 * then makes every writable page execute-never in hardware as well, and
 * the walker refuses writable+executable requests.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <uk/bootinfo.h>
#include <uk/init.h>
#include <uk/pages.h>
#include <uk/paging.h>
#include <uk/plat.h>
#include <uk/print.h>
#include <ukbase/string.h>
#include "arm64.h"
#include "guards.h"
#include "virtio/virtio.h"

/* configure --disable-wx passes 0 (m4/uk_wx.m4); enforced by default. */
#ifndef UK_WX_ENFORCE
#define UK_WX_ENFORCE 1
#endif

#define PAGE 4096UL

extern char __uk_text_end[], __uk_rodata_end[];

static struct uk_pagetable pt;
static bool live;

static void *phys_to_virt(struct uk_pagetable *t, uint64_t pa)
{
	(void)t;
	return (void *)(uintptr_t)(UKPLAT_DIRECTMAP_BASE + pa);
}

static uint64_t table_alloc(struct uk_pagetable *t)
{
	void *p = uk_pages_alloc(0);

	(void)t;
	if (!p)
		return 0;
	uk_memset(p, 0, PAGE);
	return (uint64_t)(uintptr_t)p; /* RAM is identity-mapped */
}

static void table_free(struct uk_pagetable *t, uint64_t pa)
{
	(void)t;
	uk_pages_free((void *)(uintptr_t)pa, 0);
}

static void tlb_flush(struct uk_pagetable *t, uint64_t va, uint64_t len)
{
	(void)t;
	if (!live)
		return;
	__asm__ __volatile__("dsb ishst" : : : "memory");
	if (len > 64 * PAGE) {
		__asm__ __volatile__("tlbi vmalle1is" : : : "memory");
	} else {
		for (uint64_t a = va; a < va + len; a += PAGE)
			__asm__ __volatile__("tlbi vae1is, %0" : : "r"(a >> 12) : "memory");
	}
	__asm__ __volatile__("dsb ish\n\tisb" : : : "memory");
}

static int map(uint64_t start, uint64_t end, unsigned int prot, unsigned int flags)
{
	start = UK_ALIGN_DOWN(start, PAGE);
	end = UK_ALIGN_UP(end, PAGE);
	if (start >= end)
		return 0;
	return uk_paging_map(&pt, start, start, end - start, prot,
			     flags | UK_PAGING_REPLACE);
}

static int map_ram(const struct uk_bootinfo *bi)
{
	for (uint32_t i = 0; i < bi->nr_regions; i++) {
		const struct uk_memregion *r = &bi->regions[i];
		int rc;

		if (r->type == UK_MEMREGION_RESERVED || r->type == UK_MEMREGION_KERNEL)
			continue;
		rc = map(r->base, r->base + r->len, UK_PROT_READ | UK_PROT_WRITE,
			 UK_PAGING_LARGE);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int map_image(void)
{
	uint64_t text = (uintptr_t)__uk_image_start, rodata = (uintptr_t)__uk_text_end;
	uint64_t data = (uintptr_t)__uk_rodata_end, end = (uintptr_t)__uk_image_end;
	int rc;

	rc = map(text, rodata, UK_PROT_READ | UK_PROT_EXEC, 0);
	if (!rc)
		rc = map(rodata, data, UK_PROT_READ, 0);
	if (!rc)
		rc = map(data, end, UK_PROT_READ | UK_PROT_WRITE, 0);
	return rc;
}

static int map_devices(void)
{
	const struct ukplat_arm64_devices *d = &ukplat_arm64_dev;
	const struct {
		uint64_t base, len;
	} dev[] = {
		{ d->uart, PAGE }, { d->rtc, PAGE }, { d->gicd, d->gicd_len },
		{ d->gicc, d->gicc_len }, { d->gicr, d->gicr_len },
	};

	for (unsigned int i = 0; i < UK_ARRAY_SIZE(dev); i++) {
		int rc;

		if (!dev[i].base || !dev[i].len)
			continue;
		rc = map(dev[i].base, dev[i].base + dev[i].len,
			 UK_PROT_READ | UK_PROT_WRITE, UK_PAGING_MEM_DEVICE);
		if (rc < 0)
			return rc;
	}
	for (unsigned int i = 0; i < ukplat_virtio_mmio_count(); i++) {
		const struct ukplat_virtio_mmio_desc *v = ukplat_virtio_mmio_get(i);
		int rc = map(v->base, v->base + (v->size ? v->size : PAGE),
			     UK_PROT_READ | UK_PROT_WRITE, UK_PAGING_MEM_DEVICE);

		if (rc < 0)
			return rc;
	}
	return 0;
}

/* L0[511]: 1 GiB blocks over each GiB of the first 512 that holds RAM. */
static int map_direct(const struct uk_bootinfo *bi)
{
	uint64_t l1_pa = table_alloc(&pt), *l1, *l0;

	if (!l1_pa)
		return -ENOMEM;
	l1 = (uint64_t *)(uintptr_t)l1_pa;
	for (uint32_t i = 0; i < bi->nr_regions; i++) {
		const struct uk_memregion *r = &bi->regions[i];

		if (r->type == UK_MEMREGION_RESERVED)
			continue;
		for (uint64_t g = r->base >> 30; g < 512 && g <= (r->base + r->len - 1) >> 30; g++)
			l1[g] = (g << 30) | PTE_BLOCK | PTE_ATTR_NORMAL | PTE_SH_INNER |
				PTE_AF | PTE_PXN | PTE_UXN;
	}
	l0 = (uint64_t *)(uintptr_t)pt.root_pa;
	l0[511] = l1_pa | PTE_TABLE;
	return 0;
}

static void load(void)
{
	uint64_t sctlr;

	__asm__ __volatile__("dsb ishst" : : : "memory");
	SYSREG_WRITE(ttbr0_el1, pt.root_pa);
	isb();
	__asm__ __volatile__("tlbi vmalle1\n\tdsb nsh\n\tisb" : : : "memory");
	if (pt.wx_enforce) {
		sctlr = SYSREG_READ(sctlr_el1);
		SYSREG_WRITE(sctlr_el1, sctlr | SCTLR_EL1_WXN);
		/* WXN may be cached in TLB entries: flush again. */
		__asm__ __volatile__("isb\n\ttlbi vmalle1\n\tdsb nsh\n\tisb" : : : "memory");
	}
	live = true;
}

static int ukplat_arm64_paging_init(void)
{
	const struct uk_bootinfo *bi = uk_bootinfo_get();
	int rc;

	pt.phys_to_virt = phys_to_virt;
	pt.table_alloc = table_alloc;
	pt.table_free = table_free;
	pt.tlb_flush = tlb_flush;
	pt.wx_enforce = UK_WX_ENFORCE;
	pt.root_pa = table_alloc(&pt);
	if (!pt.root_pa)
		return -ENOMEM;
	rc = map_ram(bi);
	if (!rc)
		rc = map_image();
	if (!rc)
		rc = map_devices();
	if (!rc)
		rc = map_direct(bi);
	for (unsigned int i = 0; !rc && i < ukplat_guards_count(); i++)
		rc = uk_paging_unmap(&pt, ukplat_guards_page(i), PAGE);
	if (rc < 0) {
		uk_pr_crit("cannot build the page tables: error %d", rc);
		return rc;
	}
	load();
	uk_pr_info("paging: image at %lx-%lx (text RX, rodata R, data RW), W^X %s",
		   (uintptr_t)__uk_image_start, (uintptr_t)__uk_image_end,
		   pt.wx_enforce ? "enforced" : "off");
	return 0;
}
/*
 * Runs in the memory class after the page allocator (uk_pages_init sorts
 * before ukplat_*: steps within a class run in name order).
 */
UK_INIT(ukplat_arm64_paging_init, UK_INIT_CLASS_MEMORY);

int ukplat_guard_page(uintptr_t page, const char *what)
{
	if ((page & (PAGE - 1)) || ukplat_guards_count() == UKPLAT_GUARDS_MAX)
		return -EINVAL;
	/* Before the run-time tables exist, paging_init unmaps it. */
	if (live) {
		int rc;

		/* Unmapping a hole succeeds: a guard must be a mapped page. */
		if (uk_paging_translate(&pt, page, NULL, NULL) < 0)
			return -EINVAL;
		rc = uk_paging_unmap(&pt, page, PAGE);
		if (rc < 0)
			return rc;
	}
	return ukplat_guards_record(page, what);
}

void ukplat_arm64_guard_add(uintptr_t page, const char *what)
{
	if (ukplat_guard_page(page, what) < 0)
		uk_pr_warn("no guard page for the %s at %lx", what, page);
}

/* Whether [addr, addr + len) is mapped readable (for the fault report). */
bool ukplat_arm64_readable(uint64_t addr, uint64_t len)
{
	if (!live)
		return addr >= UKPLAT_RAM_BASE && addr < (256UL << 30) - len;
	for (uint64_t a = UK_ALIGN_DOWN(addr, PAGE); a < addr + len; a += PAGE) {
		unsigned int prot;

		if (uk_paging_translate(&pt, a, NULL, &prot) < 0 || !(prot & UK_PROT_READ))
			return false;
	}
	return true;
}

int ukplat_mem_protect(uintptr_t va, size_t len, unsigned int prot)
{
	if (!live)
		return -EAGAIN;
	return uk_paging_protect(&pt, va, len, prot);
}

/*
 * plat/kvm/x86_64/paging.c - the page tables the kernel runs on after
 * boot, and every later change to them, through the ukpaging walker
 * (uk/paging.h): ukplat_mem_protect, and the guard pages of guard.c.
 *
 * The CPU enters on the build-time tables of pagetable.S: the first 4 GiB
 * identity mapped, writable and executable. ukplat_x86_paging_init (called
 * by start.c once the boot data has been read) rewrites them in place:
 *
 *   page 0                unmapped, so NULL dereferences fault
 *   image text            read-only, executable
 *   image read-only data  read-only, no-execute
 *   image data, .bss      read-write, no-execute (TLS image, GOT, stacks,
 *                         the page tables themselves)
 *   all other memory      read-write, no-execute; RAM in the 3-4 GiB
 *                         window write-back, the MMIO there uncached
 *   RAM above 4 GiB       mapped here (2 MiB pages), read-write, no-execute
 *
 * so that nothing is writable and executable at once. CR0.WP (set by
 * entry.S) makes read-only apply to ring 0, where everything runs, and
 * EFER.NXE (cpu.c) enables the no-execute bit.
 *
 * Table pages come from the early allocator until the page allocator owns
 * the memory, then from the page allocator. Everything is identity mapped,
 * so a table page's physical address is its address.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <uk/bootinfo.h>
#include <uk/exit.h>
#include <uk/lcpu.h>
#include <uk/pages.h>
#include <uk/paging.h>
#include <uk/plat.h>
#include <uk/print.h>
#include <ukbase/string.h>
#include "cpu.h"

#ifndef UK_WX_ENFORCE
#error "UK_WX_ENFORCE comes from configure (m4/uk_wx.m4)"
#endif

#define PAGE       UK_PAGING_PAGE_SIZE
#define LARGE      UK_PAGING_LARGE_SIZE
#define HUGE       UK_PAGING_HUGE_SIZE
#define LOW_END    (4ULL << 30) /* what the build-time tables map */
#define CR3_ADDR   0x000ffffffffff000ULL
#define PROT_RW    (UK_PROT_READ | UK_PROT_WRITE)
/* Above this many pages one CR3 reload is cheaper than invlpg per page. */
#define FLUSH_ALL_PAGES 64

extern char __uk_rodata_start[], __uk_data_start[];

static struct uk_bootinfo *early_bi; /* for table pages before the allocator */

static void *phys_to_virt(struct uk_pagetable *pt, uint64_t pa)
{
	(void)pt;
	return (void *)(uintptr_t)pa;
}

static uint64_t table_alloc(struct uk_pagetable *pt)
{
	void *p = NULL;

	(void)pt;
	if (uk_pages_total_count() != 0)
		p = uk_pages_alloc(0);
	else if (early_bi)
		p = uk_early_alloc(early_bi, PAGE, PAGE);
	if (!p)
		return 0;
	uk_memset(p, 0, PAGE);
	return (uint64_t)(uintptr_t)p;
}

/*
 * No CR4.PGE and no PCIDs: a CR3 reload drops every translation and every
 * paging-structure cache entry, and so does invlpg for its address (SDM
 * vol. 3, 4.10.4.1).
 */
struct flush_range {
	uint64_t va, len;
};

static void flush_local(void *arg)
{
	const struct flush_range *r = arg;

	if (r->len > FLUSH_ALL_PAGES * PAGE) {
		write_cr3(read_cr3());
		return;
	}
	for (uint64_t off = 0; off < r->len; off += PAGE)
		__asm__ __volatile__("invlpg (%0)"
				     :
				     : "r"(r->va + off)
				     : "memory");
}

/*
 * Every running CPU shares these tables, so each drops the translations
 * (a shootdown): the flush goes to all of them as a uk_lcpu_run call,
 * and the change is complete once they have all run it. A full queue
 * (-EAGAIN) is retried after running our own queued calls, in case a
 * CPU waits for us as we wait for it.
 */
static void tlb_flush(struct uk_pagetable *pt, uint64_t va, uint64_t len)
{
	struct flush_range r = { va, len };
	int rc;

	(void)pt;
	if (ukplat_x86_lcpu_count == 1) {
		flush_local(&r);
		return;
	}
	while ((rc = uk_lcpu_run(NULL, 0, flush_local, &r)) == -EAGAIN)
		uk_lcpu_run_queued();
	if (rc < 0) { /* cannot happen for the running CPUs; be safe */
		flush_local(&r);
		return;
	}
	uk_lcpu_wait(NULL, 0, UK_LCPU_WAIT_FOREVER);
}

/*
 * table_free is left NULL: the kernel only ever unmaps single guard pages
 * and page 0, which never empties a table, so no table page is given back.
 */
static struct uk_pagetable kpt = {
	.phys_to_virt = phys_to_virt,
	.table_alloc = table_alloc,
	.tlb_flush = tlb_flush,
	.wx_enforce = UK_WX_ENFORCE,
};

struct uk_pagetable *ukplat_x86_pagetable(void)
{
	return kpt.root_pa ? &kpt : NULL;
}

int ukplat_mem_protect(uintptr_t va, size_t len, unsigned int prot)
{
	return uk_paging_protect(&kpt, va, len, prot);
}

/* A failure here leaves the machine half set up: stop with one line. */
static void must(int rc, const char *what)
{
	if (rc == 0)
		return;
	uk_pr_crit("page tables: cannot %s: error %d", what, -rc);
	uk_exit(rc == -ENOMEM ? UK_EXIT_NOMEM : UK_EXIT_INIT);
}

/*
 * The build-time tables map 3-4 GiB uncached, for the MMIO that every QEMU
 * machine puts there. Where this machine has RAM in that range instead
 * (pc with up to 3.5 GiB), its 2 MiB pages become write-back.
 */
static void cache_ram_below_4g(const struct uk_bootinfo *bi)
{
	const uint64_t lo = 3ULL << 30;

	for (uint32_t i = 0; i < bi->nr_regions; i++) {
		const struct uk_memregion *r = &bi->regions[i];
		uint64_t s = UK_MAX(r->base, lo);
		uint64_t e = UK_MIN(r->base + r->len, LOW_END);

		if (r->type == UK_MEMREGION_RESERVED || s >= e)
			continue;
		s = UK_ALIGN_DOWN(s, LARGE);
		e = UK_ALIGN_UP(e, LARGE);
		/* Whole, aligned 2 MiB blocks: replaced in place, no tables. */
		must(uk_paging_map(&kpt, s, s, e - s, PROT_RW,
				   UK_PAGING_LARGE | UK_PAGING_REPLACE),
		     "make RAM at 3-4 GiB write-back");
	}
}

/*
 * Text first: the code running now must never be non-executable, not even
 * between two of these calls. Everything but the text then becomes
 * no-execute: the rest of the first 4 GiB is mapped by 2 MiB pages, so the
 * ranges are all mapped and no table page is needed unless the image
 * extends past the first 2 MiB.
 */
static void protect_low(void)
{
	uint64_t text = (uintptr_t)__uk_image_start;
	uint64_t ro = (uintptr_t)__uk_rodata_start;
	uint64_t data = (uintptr_t)__uk_data_start;

	must(uk_paging_protect(&kpt, text, ro - text,
			       UK_PROT_READ | UK_PROT_EXEC),
	     "make the image's text read-only");
	must(uk_paging_protect(&kpt, PAGE, text - PAGE, PROT_RW),
	     "make memory below the image no-execute");
	must(uk_paging_protect(&kpt, ro, data - ro, UK_PROT_READ),
	     "make the image's read-only data read-only");
	must(uk_paging_protect(&kpt, data, LOW_END - data, PROT_RW),
	     "make the image's data and the memory above it no-execute");
}

/* Physical address width (CPUID 0x80000008), 36 bits when not reported. */
static uint64_t phys_limit(void)
{
	unsigned int bits = 36;

	if (cpuid(0x80000000, 0).eax >= 0x80000008)
		bits = cpuid(0x80000008, 0).eax & 0xff;
	return 1ULL << bits;
}

/*
 * Map the RAM above 4 GiB, so that the page allocator can have all of it.
 * What cannot be mapped (no room for tables, beyond the physical address
 * width) stops being FREE, as uk/boot.h requires, with one warning.
 */
static void map_ram_above_4g(struct uk_bootinfo *bi)
{
	struct {
		uint64_t s, e;
	} todo[UK_BOOTINFO_MAX_REGIONS];
	uint64_t limit = phys_limit(), lost = 0;
	const char *why = "beyond the physical address width";
	unsigned int n = 0;

	/* A copy: table pages taken by uk_early_alloc change bi->regions. */
	for (uint32_t i = 0; i < bi->nr_regions; i++) {
		const struct uk_memregion *r = &bi->regions[i];
		uint64_t s = UK_ALIGN_UP(UK_MAX(r->base, LOW_END), PAGE);
		uint64_t e = UK_ALIGN_DOWN(r->base + r->len, PAGE);

		if (r->type != UK_MEMREGION_RESERVED && s < e) {
			todo[n].s = s;
			todo[n++].e = e;
		}
	}
	for (unsigned int i = 0; i < n; i++) {
		uint64_t s = todo[i].s, e = UK_MIN(todo[i].e, limit), step;

		/* A GiB at a time: when tables run out, the rest is lost. */
		for (; s < e; s += step) {
			step = UK_MIN(e - s, HUGE - (s & (HUGE - 1)));
			if (uk_paging_map(&kpt, s, s, step, PROT_RW,
					  UK_PAGING_LARGE) < 0) {
				why = "no memory for page tables";
				break;
			}
		}
		if (s < todo[i].e) {
			lost += todo[i].e - s;
			(void)uk_bootinfo_add_region(bi, s, todo[i].e - s,
						     UK_MEMREGION_RESERVED);
		}
	}
	if (lost)
		uk_pr_warn(
		    "page tables: %lu MiB of RAM above 4 GiB left unused (%s)",
		    (unsigned long)(lost >> 20), why);
}

void ukplat_x86_paging_init(struct uk_bootinfo *bi)
{
	if (!(rdmsr(X86_MSR_EFER) & X86_EFER_NXE)) {
		uk_pr_crit("page tables: the CPU has no no-execute bit (NX): "
			   "W^X cannot be enforced");
		uk_exit(UK_EXIT_INIT);
	}
	/* entry.S sets CR0.WP; read-only means nothing at ring 0 without it. */
	write_cr0(read_cr0() | X86_CR0_WP);
	kpt.root_pa = read_cr3() & CR3_ADDR;
	early_bi = bi;

	must(uk_paging_unmap(&kpt, 0, PAGE), "unmap page 0");
	cache_ram_below_4g(bi);
	protect_low();
	map_ram_above_4g(bi);
}

/*
 * Device registers must be mapped uncached. The 3-4 GiB window already is
 * (except where RAM is, and no device is there); anything elsewhere is
 * mapped here, once the run-time tables exist.
 */
int ukplat_x86_map_device(uint64_t base, uint64_t len)
{
	uint64_t start = base & ~(uint64_t)(PAGE - 1);
	uint64_t end = (base + len + PAGE - 1) & ~(uint64_t)(PAGE - 1);

	if (start >= (3ULL << 30) && end <= LOW_END)
		return 0;
	if (!ukplat_x86_pagetable())
		return -EFAULT;
	return uk_paging_map(ukplat_x86_pagetable(), start, start, end - start,
			     PROT_RW, UK_PAGING_MEM_DEVICE | UK_PAGING_REPLACE);
}

const char *ukplat_x86_paging_describe(uint64_t addr)
{
	if (addr >= (uintptr_t)__uk_image_start &&
	    addr < (uintptr_t)__uk_rodata_start)
		return "the image's text";
	if (addr >= (uintptr_t)__uk_rodata_start &&
	    addr < (uintptr_t)__uk_data_start)
		return "the image's read-only data";
	if (addr >= (uintptr_t)__uk_data_start &&
	    addr < (uintptr_t)__uk_image_end)
		return "the image's data";
	return NULL;
}

_Bool ukplat_x86_readable(uint64_t addr, uint64_t len)
{
	unsigned int p1, p2;

	if (!kpt.root_pa) /* still on the build-time tables */
		return addr >= PAGE && addr < LOW_END && len <= LOW_END - addr;
	if (!len || addr + (len - 1) < addr)
		return false;
	return uk_paging_translate(&kpt, addr, NULL, &p1) == 0 &&
	       uk_paging_translate(&kpt, addr + (len - 1), NULL, &p2) == 0 &&
	       p1 != UK_PROT_NONE && p2 != UK_PROT_NONE;
}

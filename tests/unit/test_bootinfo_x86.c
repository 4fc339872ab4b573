/*
 * tests/unit/test_bootinfo_x86.c - PVH and Multiboot boot information
 * translators (plat/kvm/x86_64/bootinfo_*.c) against fake physical memory,
 * and the fixture the Linux boot_params cases (test_bootinfo_linux.c)
 * share.
 *
 * The fixtures mimic what QEMU 7.2 hands a 128 MiB guest: a version 1
 * hvm_start_info with an E820 memory map, a command line and one module
 * (-initrd); a Multiboot info whose command line starts with the kernel's
 * path. Each error case breaks one thing and checks the errno and that a
 * reason was given.
 *
 * uk_bootinfo_add_region/uk_bootinfo_set_cmdline are test doubles here:
 * they record the calls verbatim (no sorting or overlap handling), so the
 * tests see exactly what the translators asked for.
 */
#include <check.h>
#include "unit_run.h"
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bootinfo_x86.h"
#include "test_bootinfo_x86.h"

/* ---- test doubles for lib/ukboot/bootinfo.c ---- */

int uk_bootinfo_add_region(struct uk_bootinfo *b, uint64_t base,
			   uint64_t len, enum uk_memregion_type type)
{
	struct uk_memregion *r;

	if (len == 0 || base + len < base)
		return -EINVAL;
	if (b->nr_regions == UK_BOOTINFO_MAX_REGIONS)
		return -ENOSPC;
	r = &b->regions[b->nr_regions++];
	r->base = base;
	r->len = len;
	r->type = type;
	return 0;
}

int uk_bootinfo_set_cmdline(struct uk_bootinfo *b, const char *src,
			    size_t len)
{
	size_t n = strnlen(src, len);

	if (n >= UK_BOOTINFO_CMDLINE_MAX) {
		memcpy(b->cmdline, src, UK_BOOTINFO_CMDLINE_MAX - 1);
		b->cmdline[UK_BOOTINFO_CMDLINE_MAX - 1] = '\0';
		return -E2BIG;
	}
	memcpy(b->cmdline, src, n);
	b->cmdline[n] = '\0';
	return 0;
}

/* ---- fake physical memory: [0, MEM_SIZE) is accessible ---- */

uint8_t *mem;
struct uk_bootinfo bi;
const char *why;

static const void *fake_map(void *ctx, uint64_t pa, uint64_t len)
{
	ck_assert_uint_ne(len, 0);
	if (pa >= MEM_SIZE || len > MEM_SIZE - pa)
		return NULL;
	return mem + pa;
}

const struct ukplat_phys_access phys = { fake_map, NULL };

void setup(void)
{
	mem = calloc(1, MEM_SIZE);
	ck_assert_ptr_nonnull(mem);
	why = "unset";
}

void teardown(void)
{
	free(mem);
}

bool has_region(uint64_t base, uint64_t len, enum uk_memregion_type t)
{
	uint32_t i;

	for (i = 0; i < bi.nr_regions; i++)
		if (bi.regions[i].base == base && bi.regions[i].len == len &&
		    bi.regions[i].type == (uint32_t)t)
			return true;
	return false;
}

/* ---- PVH fixture ---- */

#define SI_PA       0x6000ULL
#define MEMMAP_PA   0x6040ULL
#define MODLIST_PA  0x6200ULL
#define CMDLINE_PA  0x20000ULL
#define INITRD_PA   0xf00000ULL
#define INITRD_LEN  0x10000ULL
#define RSDP_PA     0xf5a40ULL

static const char pvh_cmdline[] = "uk.loglevel=info -- --port 80";

static const struct ukplat_hvm_memmap_table_entry e820[] = {
	{ 0x0, 0x9fc00, 1, 0 },
	{ 0x9fc00, 0x400, 2, 0 },
	{ 0xf0000, 0x10000, 2, 0 },
	{ 0x100000, 0x7ee0000, 1, 0 },
	{ 0x7fe0000, 0x20000, 3, 0 },
	{ 0xfeffc000, 0x4000, 4, 0 },
	{ 0xfffc0000, 0x40000, 2, 0 },
};
#define NR_E820 (sizeof(e820) / sizeof(e820[0]))

static struct ukplat_hvm_start_info *si;
static struct ukplat_hvm_memmap_table_entry *mm;
static struct ukplat_hvm_modlist_entry *mod;

static void pvh_setup(void)
{
	setup();
	si = (void *)(mem + SI_PA);
	mm = (void *)(mem + MEMMAP_PA);
	mod = (void *)(mem + MODLIST_PA);
	si->magic = UKPLAT_PVH_MAGIC;
	si->version = 1;
	si->nr_modules = 1;
	si->modlist_paddr = MODLIST_PA;
	si->cmdline_paddr = CMDLINE_PA;
	si->rsdp_paddr = RSDP_PA;
	si->memmap_paddr = MEMMAP_PA;
	si->memmap_entries = NR_E820;
	memcpy(mm, e820, sizeof(e820));
	mod->paddr = INITRD_PA;
	mod->size = INITRD_LEN;
	memcpy(mem + CMDLINE_PA, pvh_cmdline, sizeof(pvh_cmdline));
}

static int pvh(void)
{
	return ukplat_pvh_translate(SI_PA, &phys, &bi, &why);
}

START_TEST(pvh_qemu)
{
	ck_assert_int_eq(pvh(), 0);
	ck_assert_ptr_null(why);
	ck_assert_str_eq(bi.protocol, "pvh");
	ck_assert_str_eq(bi.cmdline, pvh_cmdline);
	ck_assert_uint_eq(bi.rsdp, RSDP_PA);
	ck_assert_uint_eq(bi.initrd_base, INITRD_PA);
	ck_assert_uint_eq(bi.initrd_len, INITRD_LEN);

	ck_assert(has_region(0x0, 0x9fc00, UK_MEMREGION_FREE));
	ck_assert(has_region(0x9fc00, 0x400, UK_MEMREGION_RESERVED));
	ck_assert(has_region(0xf0000, 0x10000, UK_MEMREGION_RESERVED));
	ck_assert(has_region(0x100000, 0x7ee0000, UK_MEMREGION_FREE));
	ck_assert(has_region(0x7fe0000, 0x20000, UK_MEMREGION_ACPI));
	ck_assert(has_region(0xfeffc000, 0x4000, UK_MEMREGION_RESERVED));
	ck_assert(has_region(0xfffc0000, 0x40000, UK_MEMREGION_RESERVED));

	ck_assert(has_region(SI_PA, 56, UK_MEMREGION_BOOTDATA));
	ck_assert(has_region(MEMMAP_PA, NR_E820 * 24, UK_MEMREGION_BOOTDATA));
	ck_assert(has_region(MODLIST_PA, 32, UK_MEMREGION_BOOTDATA));
	ck_assert(has_region(CMDLINE_PA, sizeof(pvh_cmdline),
			     UK_MEMREGION_BOOTDATA));
	ck_assert(has_region(INITRD_PA, INITRD_LEN, UK_MEMREGION_INITRD));
	ck_assert_uint_eq(bi.nr_regions, NR_E820 + 5);

	/* 'why' is optional */
	ck_assert_int_eq(ukplat_pvh_translate(SI_PA, &phys, &bi, NULL), 0);
}
END_TEST

START_TEST(pvh_resets_bootinfo)
{
	memset(&bi, 0xa5, sizeof(bi));
	si->cmdline_paddr = 0;
	si->nr_modules = 0;
	ck_assert_int_eq(pvh(), 0);
	ck_assert_str_eq(bi.cmdline, "");
	ck_assert_uint_eq(bi.initrd_base, 0);
	ck_assert_uint_eq(bi.initrd_len, 0);
	ck_assert_uint_eq(bi.nr_regions, NR_E820 + 2);
}
END_TEST

START_TEST(pvh_no_rsdp_and_empty_module)
{
	si->rsdp_paddr = 0;
	mod->size = 0;
	ck_assert_int_eq(pvh(), 0);
	ck_assert_uint_eq(bi.rsdp, 0);
	ck_assert_uint_eq(bi.initrd_base, 0);
	ck_assert(has_region(MODLIST_PA, 32, UK_MEMREGION_BOOTDATA));
}
END_TEST

START_TEST(pvh_zero_length_entry_skipped)
{
	mm[2].size = 0;
	ck_assert_int_eq(pvh(), 0);
	ck_assert_uint_eq(bi.nr_regions, NR_E820 + 4);
}
END_TEST

START_TEST(pvh_bad_magic)
{
	si->magic = 0x336ec579;
	CHECK_FAIL(pvh(), -EPROTO);
	ck_assert_str_eq(bi.protocol, "pvh");
}
END_TEST

START_TEST(pvh_version0)
{
	si->version = 0;
	CHECK_FAIL(pvh(), -EPROTONOSUPPORT);
}
END_TEST

START_TEST(pvh_start_info_unmappable)
{
	CHECK_FAIL(ukplat_pvh_translate(MEM_SIZE - 8, &phys, &bi, &why),
		   -EFAULT);
	CHECK_FAIL(ukplat_pvh_translate(0, &phys, &bi, &why), -EFAULT);
	CHECK_FAIL(ukplat_pvh_translate(UINT64_MAX - 16, &phys, &bi, &why),
		   -EFAULT);
}
END_TEST

START_TEST(pvh_empty_memmap)
{
	si->memmap_entries = 0;
	CHECK_FAIL(pvh(), -ENODATA);
	si->memmap_entries = NR_E820;
	si->memmap_paddr = 0;
	CHECK_FAIL(pvh(), -ENODATA);
}
END_TEST

START_TEST(pvh_absurd_memmap)
{
	si->memmap_entries = 0x10000000;
	CHECK_FAIL(pvh(), -ERANGE);
}
END_TEST

START_TEST(pvh_memmap_unmappable)
{
	si->memmap_paddr = MEM_SIZE - 24;
	CHECK_FAIL(pvh(), -EFAULT);
	si->memmap_paddr = UINT64_MAX - 8;
	CHECK_FAIL(pvh(), -EFAULT);
}
END_TEST

START_TEST(pvh_memmap_entry_wraps)
{
	mm[3].addr = 0xfffffffffff00000ULL;
	mm[3].size = 0x200000;
	CHECK_FAIL(pvh(), -EOVERFLOW);
}
END_TEST

START_TEST(pvh_too_many_regions)
{
	uint32_t i, n = UK_BOOTINFO_MAX_REGIONS + 1;

	for (i = 0; i < n; i++) {
		mm[i].addr = 0x100000ULL * (i + 1);
		mm[i].size = 0x1000;
		mm[i].type = 1;
	}
	si->memmap_entries = n;
	CHECK_FAIL(pvh(), -ENOSPC);
}
END_TEST

START_TEST(pvh_cmdline_unmappable)
{
	si->cmdline_paddr = MEM_SIZE + 0x1000;
	CHECK_FAIL(pvh(), -EFAULT);
	/* no NUL before the end of accessible memory */
	memset(mem + MEM_SIZE - 100, 'x', 100);
	si->cmdline_paddr = MEM_SIZE - 100;
	CHECK_FAIL(pvh(), -EFAULT);
}
END_TEST

START_TEST(pvh_cmdline_at_end_of_memory)
{
	/* A short string in the last bytes: never map past its NUL. */
	memcpy(mem + MEM_SIZE - 4, "a=1", 4);
	si->cmdline_paddr = MEM_SIZE - 4;
	ck_assert_int_eq(pvh(), 0);
	ck_assert_str_eq(bi.cmdline, "a=1");
}
END_TEST

START_TEST(pvh_cmdline_length_limit)
{
	char *s = (char *)mem + 0x100800;

	/* UK_BOOTINFO_CMDLINE_MAX - 1 characters fit, across a page edge */
	si->cmdline_paddr = 0x100800;
	memset(s, 'a', UK_BOOTINFO_CMDLINE_MAX - 1);
	s[UK_BOOTINFO_CMDLINE_MAX - 1] = '\0';
	ck_assert_int_eq(pvh(), 0);
	ck_assert_uint_eq(strlen(bi.cmdline), UK_BOOTINFO_CMDLINE_MAX - 1);
	ck_assert(has_region(0x100800, UK_BOOTINFO_CMDLINE_MAX,
			     UK_MEMREGION_BOOTDATA));
	/* one more does not */
	s[UK_BOOTINFO_CMDLINE_MAX - 1] = 'a';
	s[UK_BOOTINFO_CMDLINE_MAX] = '\0';
	CHECK_FAIL(pvh(), -E2BIG);
}
END_TEST

START_TEST(pvh_modlist_bad)
{
	si->modlist_paddr = MEM_SIZE;
	CHECK_FAIL(pvh(), -EFAULT);
	si->modlist_paddr = 0;
	CHECK_FAIL(pvh(), -EFAULT);
	si->modlist_paddr = MODLIST_PA;
	si->nr_modules = 0x7fffffff;
	CHECK_FAIL(pvh(), -ERANGE);
}
END_TEST

START_TEST(pvh_module_wraps)
{
	mod->paddr = 0xfffffffffffff000ULL;
	mod->size = 0x2000;
	CHECK_FAIL(pvh(), -EOVERFLOW);
}
END_TEST

START_TEST(pvh_module_unmappable)
{
	mod->paddr = 0x40000000;
	CHECK_FAIL(pvh(), -EFAULT);
	mod->paddr = 0;
	CHECK_FAIL(pvh(), -EFAULT);
}
END_TEST

START_TEST(pvh_reasons_differ)
{
	const char *a, *b;

	si->magic = 0;
	pvh();
	a = why;
	si->magic = UKPLAT_PVH_MAGIC;
	si->version = 0;
	pvh();
	b = why;
	ck_assert_str_ne(a, b);
}
END_TEST

/* ---- Multiboot fixture ---- */

#define MBI_PA       0x9000ULL
#define MB_CMD_PA    0x9100ULL
#define MB_MODS_PA   0x9200ULL
#define MB_MODSTR_PA 0x9300ULL
#define MB_MMAP_PA   0x9400ULL

static const char mb_cmdline[] =
	"/home/user/app/build/app uk.loglevel=info -- --port 80";

static struct ukplat_multiboot_info *mbi;
static struct ukplat_multiboot_mod *mbmod;

static uint32_t mb_put_mmap(const struct ukplat_hvm_memmap_table_entry *e,
			    unsigned int n, uint32_t esize)
{
	uint8_t *p = mem + MB_MMAP_PA;
	struct ukplat_multiboot_mmap_entry me;
	unsigned int i;

	for (i = 0; i < n; i++) {
		me.size = esize;
		me.base_addr = e[i].addr;
		me.length = e[i].size;
		me.type = e[i].type;
		memcpy(p, &me, sizeof(me));
		p += esize + 4;
	}
	return (uint32_t)(p - (mem + MB_MMAP_PA));
}

static void mb_setup(void)
{
	setup();
	mbi = (void *)(mem + MBI_PA);
	mbmod = (void *)(mem + MB_MODS_PA);
	/* what QEMU's multiboot loader sets: memory, boot device, cmdline,
	 * modules, mmap, boot loader name */
	mbi->flags = 0x24f;
	mbi->mem_lower = 639;
	mbi->mem_upper = 130048;
	mbi->boot_device = 0x8000ffff;
	mbi->cmdline = MB_CMD_PA;
	mbi->mods_count = 1;
	mbi->mods_addr = MB_MODS_PA;
	mbi->mmap_addr = MB_MMAP_PA;
	mbi->mmap_length = mb_put_mmap(e820, NR_E820, 20);
	memcpy(mem + MB_CMD_PA, mb_cmdline, sizeof(mb_cmdline));
	mbmod->mod_start = INITRD_PA;
	mbmod->mod_end = INITRD_PA + INITRD_LEN;
	mbmod->string = MB_MODSTR_PA;
	strcpy((char *)mem + MB_MODSTR_PA, "/tmp/initrd.cpio");
}

static int mb(void)
{
	return ukplat_multiboot_translate(UKPLAT_MULTIBOOT_MAGIC, MBI_PA, &phys,
					  &bi, &why);
}

START_TEST(mb_qemu)
{
	ck_assert_int_eq(mb(), 0);
	ck_assert_ptr_null(why);
	ck_assert_str_eq(bi.protocol, "multiboot");
	ck_assert_str_eq(bi.cmdline, "uk.loglevel=info -- --port 80");
	ck_assert_uint_eq(bi.rsdp, 0);
	ck_assert_uint_eq(bi.initrd_base, INITRD_PA);
	ck_assert_uint_eq(bi.initrd_len, INITRD_LEN);

	ck_assert(has_region(0x0, 0x9fc00, UK_MEMREGION_FREE));
	ck_assert(has_region(0x100000, 0x7ee0000, UK_MEMREGION_FREE));
	ck_assert(has_region(0x7fe0000, 0x20000, UK_MEMREGION_ACPI));
	ck_assert(has_region(0xfeffc000, 0x4000, UK_MEMREGION_RESERVED));
	ck_assert(has_region(MBI_PA, 88, UK_MEMREGION_BOOTDATA));
	ck_assert(has_region(MB_MMAP_PA, NR_E820 * 24, UK_MEMREGION_BOOTDATA));
	ck_assert(has_region(MB_MODS_PA, 16, UK_MEMREGION_BOOTDATA));
	ck_assert(has_region(MB_CMD_PA, sizeof(mb_cmdline),
			     UK_MEMREGION_BOOTDATA));
	ck_assert(has_region(INITRD_PA, INITRD_LEN, UK_MEMREGION_INITRD));
	ck_assert_uint_eq(bi.nr_regions, NR_E820 + 5);
}
END_TEST

START_TEST(mb_cmdline_forms)
{
	static const struct { const char *in, *out; } c[] = {
		{ "/kernel", "" },
		{ "/kernel ", "" },
		{ "", "" },
		{ "  /kernel\t\t a  b ", "a  b " },
		{ "kernel -- x", "-- x" },
	};
	unsigned int i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		strcpy((char *)mem + MB_CMD_PA, c[i].in);
		ck_assert_int_eq(mb(), 0);
		ck_assert_str_eq(bi.cmdline, c[i].out);
	}
	mbi->flags &= ~UKPLAT_MB_INFO_CMDLINE;
	ck_assert_int_eq(mb(), 0);
	ck_assert_str_eq(bi.cmdline, "");
	mbi->flags |= UKPLAT_MB_INFO_CMDLINE;
	mbi->cmdline = 0;
	ck_assert_int_eq(mb(), 0);
	ck_assert_str_eq(bi.cmdline, "");
}
END_TEST

START_TEST(mb_cmdline_limits)
{
	char *s = (char *)mem + 0x200000;

	mbi->cmdline = 0x200000;
	/* a long kernel path does not count against the limit */
	memset(s, 'p', 5000);
	strcpy(s + 5000, " a=1");
	ck_assert_int_eq(mb(), 0);
	ck_assert_str_eq(bi.cmdline, "a=1");
	/* the arguments do */
	strcpy(s, "/k ");
	memset(s + 3, 'a', UK_BOOTINFO_CMDLINE_MAX);
	s[3 + UK_BOOTINFO_CMDLINE_MAX] = '\0';
	CHECK_FAIL(mb(), -E2BIG);
	s[3 + UK_BOOTINFO_CMDLINE_MAX - 1] = '\0';
	ck_assert_int_eq(mb(), 0);
	ck_assert_uint_eq(strlen(bi.cmdline), UK_BOOTINFO_CMDLINE_MAX - 1);
	/* and the whole string must end somewhere */
	memset(s, 'a', 3 * UK_BOOTINFO_CMDLINE_MAX);
	CHECK_FAIL(mb(), -E2BIG);
}
END_TEST

START_TEST(mb_cmdline_unmappable)
{
	mbi->cmdline = (uint32_t)MEM_SIZE;
	CHECK_FAIL(mb(), -EFAULT);
}
END_TEST

START_TEST(mb_no_mmap_fallback)
{
	mbi->flags &= ~UKPLAT_MB_INFO_MMAP;
	ck_assert_int_eq(mb(), 0);
	ck_assert(has_region(0, 639 * 1024, UK_MEMREGION_FREE));
	ck_assert(has_region(0x100000, 130048ULL * 1024, UK_MEMREGION_FREE));
	ck_assert(!has_region(MB_MMAP_PA, NR_E820 * 24, UK_MEMREGION_BOOTDATA));
	/* an empty mmap falls back too */
	mbi->flags |= UKPLAT_MB_INFO_MMAP;
	mbi->mmap_length = 0;
	ck_assert_int_eq(mb(), 0);
	ck_assert(has_region(0x100000, 130048ULL * 1024, UK_MEMREGION_FREE));
}
END_TEST

START_TEST(mb_no_memory_info)
{
	mbi->flags &= ~(UKPLAT_MB_INFO_MMAP | UKPLAT_MB_INFO_MEMORY);
	CHECK_FAIL(mb(), -ENODATA);
	mbi->flags |= UKPLAT_MB_INFO_MEMORY;
	mbi->mem_lower = mbi->mem_upper = 0;
	CHECK_FAIL(mb(), -ENODATA);
}
END_TEST

START_TEST(mb_bad_magic)
{
	CHECK_FAIL(ukplat_multiboot_translate(0x1badb002, MBI_PA, &phys, &bi,
					      &why), -EPROTO);
	ck_assert_str_eq(bi.protocol, "multiboot");
}
END_TEST

START_TEST(mb_info_unmappable)
{
	CHECK_FAIL(ukplat_multiboot_translate(UKPLAT_MULTIBOOT_MAGIC,
					      MEM_SIZE - 40, &phys, &bi, &why),
		   -EFAULT);
	CHECK_FAIL(ukplat_multiboot_translate(UKPLAT_MULTIBOOT_MAGIC, 0,
					      &phys, &bi, &why), -EFAULT);
}
END_TEST

START_TEST(mb_mmap_entry_sizes)
{
	/* entries may be larger than 20 bytes: honour 'size' */
	mbi->mmap_length = mb_put_mmap(e820, NR_E820, 24);
	ck_assert_int_eq(mb(), 0);
	ck_assert(has_region(0x7fe0000, 0x20000, UK_MEMREGION_ACPI));
	ck_assert(has_region(0xfffc0000, 0x40000, UK_MEMREGION_RESERVED));
	ck_assert(has_region(MB_MMAP_PA, NR_E820 * 28, UK_MEMREGION_BOOTDATA));
}
END_TEST

START_TEST(mb_mmap_malformed)
{
	struct ukplat_multiboot_mmap_entry *e = (void *)(mem + MB_MMAP_PA);

	e[1].size = 8;
	CHECK_FAIL(mb(), -EINVAL);
	e[1].size = 20;
	mbi->mmap_length -= 4;          /* last entry truncated */
	CHECK_FAIL(mb(), -EINVAL);
	mbi->mmap_length += 4;
	e[NR_E820 - 1].size = 200;      /* runs past mmap_length */
	CHECK_FAIL(mb(), -EINVAL);
}
END_TEST

START_TEST(mb_mmap_bad_pointer_or_length)
{
	mbi->mmap_length = 0x100000;
	CHECK_FAIL(mb(), -ERANGE);
	mbi->mmap_length = NR_E820 * 24;
	mbi->mmap_addr = (uint32_t)MEM_SIZE - 16;
	CHECK_FAIL(mb(), -EFAULT);
	mbi->mmap_addr = 0;
	CHECK_FAIL(mb(), -EFAULT);
}
END_TEST

START_TEST(mb_mmap_entry_wraps)
{
	struct ukplat_multiboot_mmap_entry *e = (void *)(mem + MB_MMAP_PA);

	e[0].base_addr = UINT64_MAX - 0xfff;
	e[0].length = 0x2000;
	CHECK_FAIL(mb(), -EOVERFLOW);
}
END_TEST

START_TEST(mb_module_wraps)
{
	mbmod->mod_start = 0xfffff000;
	mbmod->mod_end = 0x1000;
	CHECK_FAIL(mb(), -EOVERFLOW);
}
END_TEST

START_TEST(mb_module_bad)
{
	mbmod->mod_start = 0x20000000;
	mbmod->mod_end = 0x20001000;
	CHECK_FAIL(mb(), -EFAULT);
	mbi->mods_addr = (uint32_t)MEM_SIZE;
	CHECK_FAIL(mb(), -EFAULT);
	mbi->mods_count = 100000;
	CHECK_FAIL(mb(), -ERANGE);
	/* without the flag the module fields are not looked at */
	mbi->flags &= ~UKPLAT_MB_INFO_MODS;
	ck_assert_int_eq(mb(), 0);
	ck_assert_uint_eq(bi.initrd_base, 0);
}
END_TEST

START_TEST(mb_empty_module)
{
	mbmod->mod_end = mbmod->mod_start;
	ck_assert_int_eq(mb(), 0);
	ck_assert_uint_eq(bi.initrd_base, 0);
	ck_assert_uint_eq(bi.initrd_len, 0);
}
END_TEST

static Suite *bootinfo_suite(void)
{
	Suite *s = suite_create("bootinfo_x86");
	TCase *p = tcase_create("pvh");
	TCase *m = tcase_create("multiboot");

	tcase_add_checked_fixture(p, pvh_setup, teardown);
	tcase_add_test(p, pvh_qemu);
	tcase_add_test(p, pvh_resets_bootinfo);
	tcase_add_test(p, pvh_no_rsdp_and_empty_module);
	tcase_add_test(p, pvh_zero_length_entry_skipped);
	tcase_add_test(p, pvh_bad_magic);
	tcase_add_test(p, pvh_version0);
	tcase_add_test(p, pvh_start_info_unmappable);
	tcase_add_test(p, pvh_empty_memmap);
	tcase_add_test(p, pvh_absurd_memmap);
	tcase_add_test(p, pvh_memmap_unmappable);
	tcase_add_test(p, pvh_memmap_entry_wraps);
	tcase_add_test(p, pvh_too_many_regions);
	tcase_add_test(p, pvh_cmdline_unmappable);
	tcase_add_test(p, pvh_cmdline_at_end_of_memory);
	tcase_add_test(p, pvh_cmdline_length_limit);
	tcase_add_test(p, pvh_modlist_bad);
	tcase_add_test(p, pvh_module_wraps);
	tcase_add_test(p, pvh_module_unmappable);
	tcase_add_test(p, pvh_reasons_differ);
	suite_add_tcase(s, p);

	tcase_add_checked_fixture(m, mb_setup, teardown);
	tcase_add_test(m, mb_qemu);
	tcase_add_test(m, mb_cmdline_forms);
	tcase_add_test(m, mb_cmdline_limits);
	tcase_add_test(m, mb_cmdline_unmappable);
	tcase_add_test(m, mb_no_mmap_fallback);
	tcase_add_test(m, mb_no_memory_info);
	tcase_add_test(m, mb_bad_magic);
	tcase_add_test(m, mb_info_unmappable);
	tcase_add_test(m, mb_mmap_entry_sizes);
	tcase_add_test(m, mb_mmap_malformed);
	tcase_add_test(m, mb_mmap_bad_pointer_or_length);
	tcase_add_test(m, mb_mmap_entry_wraps);
	tcase_add_test(m, mb_module_wraps);
	tcase_add_test(m, mb_module_bad);
	tcase_add_test(m, mb_empty_module);
	suite_add_tcase(s, m);
	suite_add_tcase(s, bootinfo_linux_tcase());
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(bootinfo_suite());

	return unit_run(sr, false);
}

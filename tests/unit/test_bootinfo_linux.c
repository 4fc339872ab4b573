/*
 * tests/unit/test_bootinfo_linux.c - the Linux boot_params ("zero page")
 * translator (plat/kvm/x86_64/bootinfo_linux.c) against crafted zero pages
 * in the fake physical memory of test_bootinfo_x86.c.
 *
 * The fixture is laid out as Firecracker lays out a guest: the zero page at
 * 0x7000, the command line at 0x20000, the RSDP in the BIOS area, the
 * initrd near the top of RAM. A window of 1 MiB at 4 GiB is mapped too
 * (onto fake memory at HI_BACKING), so the ext_ high halves are seen to
 * be used rather than merely tolerated.
 */
#include <check.h>
#include "unit_run.h"
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "test_bootinfo_x86.h"

#define BP_PA       0x7000ULL
#define CMD_PA      0x20000ULL
#define RSDP_PA     0xe0000ULL
#define RD_PA       0xf00000ULL
#define RD_LEN      0x10000ULL
#define HI_BASE     (1ULL << 32)
#define HI_LEN      (1ULL << 20)
#define HI_BACKING  0xe00000ULL   /* fake memory behind [4 GiB, +1 MiB) */

static const char cmd[] = "uk.loglevel=info -- linux boot";
static struct ukplat_linux_boot_params *bp;

static const void *hi_map(void *ctx, uint64_t pa, uint64_t len)
{
	(void)ctx;
	if (pa >= HI_BASE && pa - HI_BASE < HI_LEN &&
	    len <= HI_LEN - (pa - HI_BASE))
		return mem + HI_BACKING + (pa - HI_BASE);
	return phys.map(NULL, pa, len);
}

static const struct ukplat_phys_access hi_phys = { hi_map, NULL };

static void put_e820(uint32_t i, uint64_t addr, uint64_t size, uint32_t type)
{
	bp->e820_table[i].addr = addr;
	bp->e820_table[i].size = size;
	bp->e820_table[i].type = type;
}

static void linux_setup(void)
{
	setup();
	bp = (void *)(mem + BP_PA);
	bp->header = UKPLAT_LINUX_HDR_MAGIC;
	bp->version = 0x020f;
	bp->acpi_rsdp_addr = RSDP_PA;
	bp->cmd_line_ptr = (uint32_t)CMD_PA;
	bp->ramdisk_image = (uint32_t)RD_PA;
	bp->ramdisk_size = (uint32_t)RD_LEN;
	put_e820(0, 0, 0x9fc00, 1);
	put_e820(1, 0x9fc00, 0x400, 2);
	put_e820(2, 0x100000, 0x7f00000, 1);
	bp->e820_entries = 3;
	memcpy(mem + CMD_PA, cmd, sizeof(cmd));
}

static int lx(void)
{
	return ukplat_linux_translate(BP_PA, &hi_phys, &bi, &why);
}

START_TEST(linux_firecracker_like)
{
	ck_assert_int_eq(lx(), 0);
	ck_assert_ptr_null(why);
	ck_assert_str_eq(bi.protocol, "linux");
	ck_assert_str_eq(bi.cmdline, cmd);
	ck_assert_uint_eq(bi.rsdp, RSDP_PA);
	ck_assert_uint_eq(bi.initrd_base, RD_PA);
	ck_assert_uint_eq(bi.initrd_len, RD_LEN);
	ck_assert(has_region(0, 0x9fc00, UK_MEMREGION_FREE));
	ck_assert(has_region(0x9fc00, 0x400, UK_MEMREGION_RESERVED));
	ck_assert(has_region(0x100000, 0x7f00000, UK_MEMREGION_FREE));
	ck_assert(has_region(BP_PA, 4096, UK_MEMREGION_BOOTDATA));
	ck_assert(has_region(CMD_PA, sizeof(cmd), UK_MEMREGION_BOOTDATA));
	ck_assert(has_region(RD_PA, RD_LEN, UK_MEMREGION_INITRD));
	ck_assert_uint_eq(bi.nr_regions, 6);
	/* copied: the zero page and the command line may be reused */
	memset(bp, 0, sizeof(*bp));
	memset(mem + CMD_PA, 0, sizeof(cmd));
	ck_assert_str_eq(bi.cmdline, cmd);
}
END_TEST

START_TEST(linux_no_magic)
{
	bp->header = 0;
	CHECK_FAIL(lx(), -EPROTO);
	ck_assert_ptr_nonnull(strstr(why, "HdrS"));
	bp->header = 0x53726449;
	CHECK_FAIL(lx(), -EPROTO);
}
END_TEST

START_TEST(linux_versions)
{
	bp->version = 0x0105;
	CHECK_FAIL(lx(), -EPROTONOSUPPORT);
	/* before 2.14 acpi_rsdp_addr is not defined: left to the BIOS scan */
	bp->version = 0x020d;
	ck_assert_int_eq(lx(), 0);
	ck_assert_uint_eq(bi.rsdp, 0);
	/* 0: a VMM that states no version; the rest of the page is used */
	bp->version = 0;
	ck_assert_int_eq(lx(), 0);
	ck_assert_uint_eq(bi.rsdp, 0);
	ck_assert_str_eq(bi.cmdline, cmd);
	bp->version = 0x020e;
	ck_assert_int_eq(lx(), 0);
	ck_assert_uint_eq(bi.rsdp, RSDP_PA);
}
END_TEST

START_TEST(linux_bp_unmappable)
{
	CHECK_FAIL(ukplat_linux_translate(0, &hi_phys, &bi, &why), -EFAULT);
	CHECK_FAIL(ukplat_linux_translate(MEM_SIZE - 2048, &hi_phys, &bi, &why),
		   -EFAULT);
}
END_TEST

START_TEST(linux_e820_clamped)
{
	/* Right after the 128 slots: read only if the count were trusted. */
	struct ukplat_linux_e820_entry *past =
		(void *)((uint8_t *)bp + 0x2d0 + 128 * 20);

	past->addr = 0x8000000;
	past->size = 0x100000;
	past->type = 1;
	bp->e820_entries = 200;
	ck_assert_int_eq(lx(), 0);
	ck_assert(!has_region(0x8000000, 0x100000, UK_MEMREGION_FREE));
	ck_assert(has_region(0x100000, 0x7f00000, UK_MEMREGION_FREE));
	ck_assert_uint_eq(bi.nr_regions, 6);
}
END_TEST

START_TEST(linux_e820_types)
{
	put_e820(3, 0x8000000, 0x1000, 0);       /* undefined: ignored */
	put_e820(4, 0x8001000, 0x1000, 99);      /* undefined: ignored */
	put_e820(5, 0x8002000, 0x1000, 3);
	put_e820(6, 0x8003000, 0x1000, 4);
	put_e820(7, 0x8004000, 0, 1);            /* empty: skipped */
	bp->e820_entries = 8;
	ck_assert_int_eq(lx(), 0);
	ck_assert(has_region(0x8002000, 0x1000, UK_MEMREGION_ACPI));
	ck_assert(has_region(0x8003000, 0x1000, UK_MEMREGION_RESERVED));
	ck_assert_uint_eq(bi.nr_regions, 8);
}
END_TEST

START_TEST(linux_e820_errors)
{
	uint32_t i;

	put_e820(0, 0, 0x9fc00, 2);
	put_e820(2, 0x100000, 0x7f00000, 5);
	CHECK_FAIL(lx(), -ENODATA);
	bp->e820_entries = 0;
	CHECK_FAIL(lx(), -ENODATA);

	put_e820(0, UINT64_MAX - 0xfff, 0x2000, 1);
	bp->e820_entries = 1;
	CHECK_FAIL(lx(), -EOVERFLOW);

	for (i = 0; i < 128; i++)
		put_e820(i, 0x100000 + i * 0x2000ULL, 0x1000, 1);
	bp->e820_entries = 128;
	CHECK_FAIL(lx(), -ENOSPC);
}
END_TEST

START_TEST(linux_cmdline_ext)
{
	static const char hi_cmd[] = "-- from above 4 GiB";

	memcpy(mem + HI_BACKING + 0x100, hi_cmd, sizeof(hi_cmd));
	bp->cmd_line_ptr = 0x100;
	bp->ext_cmd_line_ptr = 1;
	ck_assert_int_eq(lx(), 0);
	ck_assert_str_eq(bi.cmdline, hi_cmd);
	ck_assert(has_region(HI_BASE + 0x100, sizeof(hi_cmd),
			     UK_MEMREGION_BOOTDATA));
	/* the same low half without the high one is another address */
	ck_assert_int_eq(ukplat_linux_translate(BP_PA, &phys, &bi, &why),
			 -EFAULT);
}
END_TEST

START_TEST(linux_cmdline_forms)
{
	bp->cmd_line_ptr = 0;
	ck_assert_int_eq(lx(), 0);
	ck_assert_str_eq(bi.cmdline, "");
	ck_assert_uint_eq(bi.nr_regions, 5);

	bp->cmd_line_ptr = (uint32_t)MEM_SIZE + 0x1000;
	CHECK_FAIL(lx(), -EFAULT);

	memset(mem + CMD_PA, 'x', UK_BOOTINFO_CMDLINE_MAX);
	bp->cmd_line_ptr = (uint32_t)CMD_PA;
	CHECK_FAIL(lx(), -E2BIG);
	mem[CMD_PA + UK_BOOTINFO_CMDLINE_MAX - 1] = '\0';
	ck_assert_int_eq(lx(), 0);
	ck_assert_uint_eq(strlen(bi.cmdline), UK_BOOTINFO_CMDLINE_MAX - 1);
}
END_TEST

START_TEST(linux_initrd_forms)
{
	/* high halves of both address and size */
	bp->ramdisk_image = 0x2000;
	bp->ext_ramdisk_image = 1;
	bp->ramdisk_size = 0x8000;
	ck_assert_int_eq(lx(), 0);
	ck_assert_uint_eq(bi.initrd_base, HI_BASE + 0x2000);
	ck_assert_uint_eq(bi.initrd_len, 0x8000);
	ck_assert(has_region(HI_BASE + 0x2000, 0x8000, UK_MEMREGION_INITRD));

	bp->ext_ramdisk_size = 1;                /* 4 GiB + 32 KiB: not there */
	CHECK_FAIL(lx(), -EFAULT);

	bp->ramdisk_image = 0xfffff000;
	bp->ext_ramdisk_image = 0xffffffff;
	bp->ext_ramdisk_size = 0;
	CHECK_FAIL(lx(), -EOVERFLOW);

	bp->ramdisk_image = 0;
	bp->ext_ramdisk_image = 0;
	CHECK_FAIL(lx(), -EFAULT);

	bp->ramdisk_size = 0;                    /* no initrd */
	ck_assert_int_eq(lx(), 0);
	ck_assert_uint_eq(bi.initrd_base, 0);
	ck_assert_uint_eq(bi.initrd_len, 0);
}
END_TEST

TCase *bootinfo_linux_tcase(void)
{
	TCase *t = tcase_create("linux");

	tcase_add_checked_fixture(t, linux_setup, teardown);
	tcase_add_test(t, linux_firecracker_like);
	tcase_add_test(t, linux_no_magic);
	tcase_add_test(t, linux_versions);
	tcase_add_test(t, linux_bp_unmappable);
	tcase_add_test(t, linux_e820_clamped);
	tcase_add_test(t, linux_e820_types);
	tcase_add_test(t, linux_e820_errors);
	tcase_add_test(t, linux_cmdline_ext);
	tcase_add_test(t, linux_cmdline_forms);
	tcase_add_test(t, linux_initrd_forms);
	return t;
}

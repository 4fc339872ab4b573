/*
 * plat/kvm/arm64/start.c - the first C code on arm64: find and validate
 * the device tree, set up the console from it, translate it into the
 * common boot description (memory, command line, initrd), then join the
 * shared start path (uk_boot_start).
 *
 * A Linux Image boot passes the device tree in x0; QEMU's ELF boot passes
 * x0 = 0 and leaves the tree at the start of RAM. A missing or malformed
 * tree ends the boot with one line on the QEMU virt UART and
 * UK_EXIT_BOOTINFO: without it nothing is known about the machine.
 */
#include <elf.h>
#include <errno.h>
#include <stdint.h>
#include <uk/boot.h>
#include <uk/bootinfo.h>
#include <uk/exit.h>
#include <uk/plat.h>
#include <uk/print.h>
#include "arm64.h"

/* QEMU builds 1 MiB trees; with -dtb it doubles the file size. */
#define FDT_MAX_SIZE (16UL << 20)

extern char _ukplat_boot_stack_guard[], ukplat_arm64_exc_stack_guard[];
extern const Elf64_Rela __uk_rela_start[], __uk_rela_end[];

static struct uk_bootinfo bootinfo;
static struct ukplat_fdt fdt;

static UK_NORETURN void bad_boot(const char *what, const char *why)
{
	uk_pr_crit("unusable boot information: %s: %s", what, why);
	uk_exit(UK_EXIT_BOOTINFO);
}

static void add_region(uint64_t base, uint64_t len, enum uk_memregion_type type)
{
	if (!len)
		return;
	if (uk_bootinfo_add_region(&bootinfo, base, len, type) == -ENOSPC)
		bad_boot("device tree",
			 "more memory regions than libuk can track (64)");
}

static void translate_memory(void)
{
	const char *why = "no memory node";
	uint64_t addr, size;
	int node = -1, found = 0;

	while ((node = ukplat_fdt_find_device_type(&fdt, node, "memory")) >= 0) {
		if (!ukplat_fdt_is_enabled(&fdt, node))
			continue;
		for (uint32_t i = 0; ukplat_fdt_reg(&fdt, node, i, &addr, &size) == 0; i++) {
			add_region(addr, size, UK_MEMREGION_FREE);
			found |= size != 0;
		}
	}
	if (!found)
		bad_boot("device tree", why);
	/* /memreserve/ entries and /reserved-memory children. */
	for (uint32_t i = 0; ukplat_fdt_rsv(&fdt, i, &addr, &size) == 0; i++)
		add_region(addr, size, UK_MEMREGION_RESERVED);
	node = ukplat_fdt_find_path(&fdt, "/reserved-memory");
	for (node = node >= 0 ? ukplat_fdt_first_child(&fdt, node) : node; node >= 0;
	     node = ukplat_fdt_next_sibling(&fdt, node)) {
		for (uint32_t i = 0; ukplat_fdt_reg(&fdt, node, i, &addr, &size) == 0; i++)
			add_region(addr, size, UK_MEMREGION_RESERVED);
	}
}

static void translate(uint64_t dtb_pa, const char *protocol)
{
	struct ukplat_fdt_chosen chosen = { 0 };
	const char *why = NULL;
	uint64_t start = (uint64_t)(uintptr_t)__uk_image_start;
	uint64_t end = (uint64_t)(uintptr_t)__uk_image_end;

	bootinfo.protocol = protocol;
	translate_memory();
	if (ukplat_fdt_chosen(&fdt, &chosen, &why) == -EINVAL)
		bad_boot("/chosen", why);
	if (chosen.bootargs &&
	    uk_bootinfo_set_cmdline(&bootinfo, chosen.bootargs,
				    UK_BOOTINFO_CMDLINE_MAX) < 0)
		bad_boot("/chosen", "the command line is longer than 4095 bytes");
	if (chosen.has_initrd && chosen.initrd_end > chosen.initrd_start) {
		bootinfo.initrd_base = chosen.initrd_start;
		bootinfo.initrd_len = chosen.initrd_end - chosen.initrd_start;
		add_region(bootinfo.initrd_base, bootinfo.initrd_len,
			   UK_MEMREGION_INITRD);
	}
	add_region(UK_ALIGN_DOWN(dtb_pa, 4096),
		   UK_ALIGN_UP(dtb_pa + fdt.totalsize, 4096) - UK_ALIGN_DOWN(dtb_pa, 4096),
		   UK_MEMREGION_BOOTDATA);
	add_region(start, end - start, UK_MEMREGION_KERNEL);
}

/* entry.S applied R_AARCH64_RELATIVE only; anything else is a link error. */
static void check_relocations(void)
{
	for (const Elf64_Rela *r = __uk_rela_start; r < __uk_rela_end; r++) {
		uint32_t type = (uint32_t)ELF64_R_TYPE(r->r_info);

		if (type != R_AARCH64_RELATIVE && type != R_AARCH64_NONE) {
			uk_pr_crit("the image has a dynamic relocation of type %u at %lx "
				   "that libuk cannot apply (link it as a static executable)",
				   type, r->r_offset);
			uk_exit(UK_EXIT_BOOTINFO);
		}
	}
}

void ukplat_arm64_start(uint64_t dtb_pa, uint64_t entry_cycles)
{
	const char *protocol = "linux-image", *why = "?";
	int rc;

	ukplat_arm64_clock_set_entry(entry_cycles);
	ukplat_arm64_lcpu_init();
	check_relocations();
	if (!dtb_pa) {
		/* ELF boot: QEMU put the tree at the RAM base, if it fit. */
		dtb_pa = UKPLAT_RAM_BASE;
		protocol = "elf";
	}
	rc = ukplat_fdt_init(&fdt, (const void *)(uintptr_t)dtb_pa, FDT_MAX_SIZE, &why);
	if (rc < 0) {
		uk_pr_crit("unusable boot information: no valid device tree at %lx: %s",
			   dtb_pa, why);
		uk_exit(UK_EXIT_BOOTINFO);
	}
	if (ukplat_arm64_devices_probe(&fdt, &why) < 0)
		bad_boot("device tree", why);
	ukplat_pl011_init(ukplat_arm64_dev.uart);
	ukplat_arm64_smp_discover(&fdt);
	translate(dtb_pa, protocol);
	ukplat_arm64_guard_add((uintptr_t)_ukplat_boot_stack_guard, "boot stack");
	ukplat_arm64_guard_add((uintptr_t)ukplat_arm64_exc_stack_guard,
			       "exception stack");
	uk_boot_start(&bootinfo);
}

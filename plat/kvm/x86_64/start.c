/*
 * plat/kvm/x86_64/start.c - the first C code: CPU tables, console, the
 * boot protocol's data (PVH, Multiboot, Linux boot_params) translated
 * into the common boot description, copied out of the loader's pages
 * (smp.c reuses the one the Linux zero page may sit in), the
 * final page tables (paging.c) and guard pages, then the shared start path
 * (uk_boot_start).
 */
#include <errno.h>
#include <stdint.h>
#include <uk/boot.h>
#include <uk/bootinfo.h>
#include <uk/exit.h>
#include <uk/plat.h>
#include <uk/print.h>
#include "acpi.h"
#include "bootinfo_x86.h"
#include "cpu.h"
#include "virtio/virtio.h"

extern char _ukplat_boot_stack_guard[];

static struct uk_bootinfo bootinfo;
static uint64_t mapped_from; /* lowest mapped address: 4096 once page 0 is gone */

/* Boot and firmware data are reached through the identity map (4 GiB). */
static const void *identity_map(void *ctx, uint64_t pa, uint64_t len)
{
	(void)ctx;
	if (pa < mapped_from || len > (1ULL << 32) || pa > (1ULL << 32) - len)
		return NULL;
	return (const void *)(uintptr_t)pa;
}

const struct ukplat_phys_access ukplat_x86_phys = { identity_map, NULL };

static void translate(uint32_t protocol, uint32_t info, uint32_t magic)
{
	const char *why = "unknown boot protocol";
	int rc = -EPROTONOSUPPORT;

	if (protocol == UKPLAT_BOOT_PVH)
		rc = ukplat_pvh_translate(info, &ukplat_x86_phys, &bootinfo, &why);
	else if (protocol == UKPLAT_BOOT_MULTIBOOT)
		rc = ukplat_multiboot_translate(magic, info, &ukplat_x86_phys, &bootinfo,
						&why);
	else if (protocol == UKPLAT_BOOT_LINUX)
		rc = ukplat_linux_translate(info, &ukplat_x86_phys, &bootinfo, &why);
	if (rc < 0) {
		uk_pr_crit("unusable boot information: %s", why);
		uk_exit(UK_EXIT_BOOTINFO);
	}
	/* Before libuk splits the command line: never the application's. */
	ukplat_virtio_x86_cmdline(&bootinfo);
	/*
	 * Multiboot (and some PVH loaders) do not say where the RSDP is; the
	 * search reads the BIOS data area in page 0, so it happens now.
	 */
	if (!bootinfo.rsdp && ukplat_acpi_find_rsdp(&ukplat_x86_phys,
						    &bootinfo.rsdp, &why) < 0)
		uk_pr_info("no ACPI tables: %s", why);
}

/*
 * Keep what the allocators must never hand out out of the free memory:
 * page 0, the page the other CPUs start in (smp.c), the image.
 */
static void reserve_fixed(void)
{
	uint64_t start = (uint64_t)(uintptr_t)__uk_image_start;
	uint64_t end = (uint64_t)(uintptr_t)__uk_image_end;

	if (uk_bootinfo_add_region(&bootinfo, 0, 0x1000,
				   UK_MEMREGION_RESERVED) < 0 ||
	    uk_bootinfo_add_region(&bootinfo, UKPLAT_AP_TRAMPOLINE, 0x1000,
				   UK_MEMREGION_RESERVED) < 0 ||
	    uk_bootinfo_add_region(&bootinfo, start, end - start,
				   UK_MEMREGION_KERNEL) < 0) {
		uk_pr_crit("unusable boot information: more than %d memory regions",
			   UK_BOOTINFO_MAX_REGIONS);
		uk_exit(UK_EXIT_BOOTINFO);
	}
}

void ukplat_x86_start64(uint32_t protocol, uint32_t info, uint32_t magic,
			uint64_t entry_tsc)
{
	ukplat_x86_clock_set_entry(entry_tsc);
	ukplat_x86_cpu_init_boot();
	ukplat_com1_init();
	translate(protocol, info, magic);
	reserve_fixed();
	/*
	 * Page 0 stays mapped until the boot data has been read, since
	 * loaders may have put it there; then the final page protections.
	 */
	ukplat_x86_paging_init(&bootinfo);
	mapped_from = 0x1000;
	ukplat_x86_guard_add((uintptr_t)_ukplat_boot_stack_guard, "boot stack");
	ukplat_x86_guard_ist_stacks();
	uk_boot_start(&bootinfo);
}

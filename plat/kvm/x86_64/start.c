/*
 * plat/kvm/x86_64/start.c - the first C code: CPU tables, console, the
 * boot protocol's data translated into the common boot description, then
 * the shared start path (uk_boot_start).
 */
#include <errno.h>
#include <stdint.h>
#include <uk/boot.h>
#include <uk/bootinfo.h>
#include <uk/exit.h>
#include <uk/plat.h>
#include <uk/print.h>
#include "bootinfo_x86.h"
#include "cpu.h"

static struct uk_bootinfo bootinfo;

/* Boot data is reached through the identity map of the first 4 GiB. */
static const void *identity_map(void *ctx, uint64_t pa, uint64_t len)
{
	(void)ctx;
	if (pa == 0 || len > (1ULL << 32) || pa > (1ULL << 32) - len)
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
	if (rc < 0) {
		uk_pr_crit("unusable boot information: %s", why);
		uk_exit(UK_EXIT_BOOTINFO);
	}
}

/* Keep what the allocators must never hand out out of the free memory. */
static void reserve_fixed(void)
{
	uint64_t start = (uint64_t)(uintptr_t)__uk_image_start;
	uint64_t end = (uint64_t)(uintptr_t)__uk_image_end;

	if (uk_bootinfo_add_region(&bootinfo, 0, 0x1000,
				   UK_MEMREGION_RESERVED) < 0 ||
	    uk_bootinfo_add_region(&bootinfo, start, end - start,
				   UK_MEMREGION_KERNEL) < 0) {
		uk_pr_crit("unusable boot information: more than %d memory regions",
			   UK_BOOTINFO_MAX_REGIONS);
		uk_exit(UK_EXIT_BOOTINFO);
	}
}

/*
 * Unmap page 0 so that NULL dereferences fault. It stays mapped until the
 * boot data has been read, since loaders may have put it there.
 */
static void unmap_null_page(void)
{
	extern uint64_t ukplat_x86_pt0[512];

	ukplat_x86_pt0[0] = 0;
	__asm__ __volatile__("invlpg (%0)" : : "r"(0UL) : "memory");
}

void ukplat_x86_start64(uint32_t protocol, uint32_t info, uint32_t magic,
			uint64_t entry_tsc)
{
	ukplat_x86_clock_set_entry(entry_tsc);
	ukplat_x86_cpu_init();
	ukplat_com1_init();
	translate(protocol, info, magic);
	reserve_fixed();
	unmap_null_page();
	uk_boot_start(&bootinfo);
}

/*
 * plat/common/fdt_cpus.c - the CPUs a device tree lists under /cpus
 * (Devicetree Specification v0.4, 3.7 and 3.8) and which of them libuk
 * can start: those with enable-method "psci" (arm64, through PSCI
 * CPU_ON). Built on the reader of fdt.c; see fdt.h for the contract.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <ukbase/string.h>
#include "fdt.h"

static int fail(const char **why, const char *msg, int rc)
{
	if (why)
		*why = msg;
	return rc;
}

static bool is_cpu(const struct ukplat_fdt *fdt, int node)
{
	const char *type;

	return ukplat_fdt_prop_string(fdt, node, "device_type", &type) == 0 &&
	       !uk_strcmp(type, "cpu");
}

static bool by_psci(const struct ukplat_fdt *fdt, int node)
{
	const char *method;

	return ukplat_fdt_prop_string(fdt, node, "enable-method",
				      &method) == 0 &&
	       !uk_strcmp(method, "psci");
}

/* The node's MPIDR affinity from its reg (one entry, no size). */
static int cpu_id(const struct ukplat_fdt *fdt, int node, uint64_t *id,
		  const char **why)
{
	uint64_t size;

	if (ukplat_fdt_reg(fdt, node, 0, id, &size) < 0 ||
	    ukplat_fdt_reg(fdt, node, 1, &size, &size) != -ENOENT)
		return fail(why, "a cpu node without a single valid reg entry",
			    -EINVAL);
	if (*id & ~UKPLAT_FDT_MPIDR_AFF)
		return fail(why, "a cpu reg with bits outside MPIDR's affinity "
				 "fields", -EINVAL);
	return 0;
}

/* Whether a cpu node before 'node' has the id (kept or not). */
static bool seen(const struct ukplat_fdt *fdt, int cpus, int node,
		 uint64_t id)
{
	uint64_t other;

	for (int n = ukplat_fdt_first_child(fdt, cpus); n >= 0 && n != node;
	     n = ukplat_fdt_next_sibling(fdt, n))
		if (is_cpu(fdt, n) && cpu_id(fdt, n, &other, NULL) == 0 &&
		    other == id)
			return true;
	return false;
}

int ukplat_fdt_cpus(const struct ukplat_fdt *fdt, uint64_t boot_mpidr,
		    uint64_t *mpidr, unsigned int max,
		    struct ukplat_fdt_cpus *out, const char **why)
{
	uint32_t ac, sc;
	uint64_t boot = boot_mpidr & UKPLAT_FDT_MPIDR_AFF, id;
	bool boot_found = false;
	int cpus, node, rc;

	if (!max)
		return fail(why, "no room for a CPU", -EINVAL);
	cpus = ukplat_fdt_find_path(fdt, "/cpus");
	if (cpus < 0)
		return fail(why, "no /cpus node", -ENOENT);
	out->count = 1;
	out->dropped = out->skipped = 0;
	mpidr[0] = boot;
	for (node = ukplat_fdt_first_child(fdt, cpus); node >= 0;
	     node = ukplat_fdt_next_sibling(fdt, node)) {
		if (!is_cpu(fdt, node))
			continue; /* cpu-map and the like */
		rc = ukplat_fdt_cells(fdt, node, &ac, &sc);
		if (rc == 0 && sc != 0)
			return fail(why, "/cpus has #size-cells other than 0",
				    -EINVAL);
		rc = cpu_id(fdt, node, &id, why);
		if (rc)
			return rc;
		if (id == boot && !boot_found) {
			boot_found = true;
			continue;
		}
		if (id == boot || seen(fdt, cpus, node, id) ||
		    !ukplat_fdt_is_enabled(fdt, node) || !by_psci(fdt, node)) {
			out->skipped++;
			continue;
		}
		if (out->count == max) {
			out->dropped++;
			continue;
		}
		mpidr[out->count++] = id;
	}
	if (!boot_found)
		return fail(why, "the boot CPU's MPIDR is not under /cpus",
			    -ENOENT);
	return 0;
}

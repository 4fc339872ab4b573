/*
 * plat/common/fdt.h - read a flattened device tree (DTB) handed over by the
 * boot loader: memory, /chosen (command line, initrd, console), devices.
 *
 * Follows the Devicetree Specification v0.4: 5.2 (header), 5.3 (memory
 * reservation block), 5.4 (structure block and its tokens), 5.5 (strings
 * block), 2.2.3 (path names, unit-address-less matching), 2.3.1
 * (compatible), 2.3.5/2.3.6 (#address-cells/#size-cells, reg), 3.3
 * (aliases), 3.4 (memory nodes) and 3.6 (/chosen).
 *
 * Usage: ukplat_fdt_init() validates the whole blob once; only after it
 * returned 0 may the other functions be called, with the same struct
 * ukplat_fdt. They never read outside the validated blob, allocate nothing
 * and keep no state besides the struct the caller owns. The blob must stay
 * mapped and unchanged while the struct is used.
 *
 * Nodes are named by a "node offset": a non-negative int (the position of
 * the node in the structure block). Every function returning a node offset
 * returns a negative errno instead when there is none (-ENOENT); an
 * offset that did not come from these functions is refused with -EINVAL
 * (the property readers, which accept a failed lookup's negative result
 * so that calls chain, say -ENOENT). No address translation through
 * 'ranges' is done: reg values are in the parent bus's address space (the
 * root's, for every device QEMU virt and Firecracker describe).
 */
#ifndef UKPLAT_FDT_H
#define UKPLAT_FDT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define UKPLAT_FDT_MAGIC         0xd00dfeedU
/* Nesting deeper than this is refused by ukplat_fdt_init (-E2BIG). */
#define UKPLAT_FDT_MAX_DEPTH     32

/* Filled by ukplat_fdt_init; read-only for callers. Offsets from 'blob'. */
struct ukplat_fdt {
	const uint8_t *blob;
	uint32_t totalsize;     /* reserve this many bytes at 'blob' */
	uint32_t version;
	uint32_t boot_cpuid;
	uint32_t off_rsvmap;
	uint32_t off_struct, size_struct;
	uint32_t off_strings, size_strings;
	uint32_t n_rsv;         /* memory reservation entries */
	int root;               /* node offset of '/' */
};

/*
 * Validate the blob at 'blob', of which at most 'maxlen' bytes may be read,
 * and fill *fdt. Reads no byte outside [blob, blob + maxlen), even for a
 * corrupt blob. Returns 0 or, with *why (when non-NULL) set to a static
 * sentence naming the defect:
 *   -ENOENT           blob is NULL (no device tree was passed)
 *   -EOVERFLOW        maxlen shorter than the header or than totalsize
 *   -EINVAL           bad magic
 *   -EPROTONOSUPPORT  version < 16 or last_comp_version > 17
 *   -ERANGE           a block or property name outside the blob or the
 *                     strings block, a block inside the header, blocks
 *                     overlapping or misaligned
 *   -EBADMSG          malformed structure block or reservation map: bad
 *                     token, unterminated name, property past the block,
 *                     END_NODE without BEGIN_NODE, property outside a node,
 *                     no or several root nodes, missing FDT_END
 *   -E2BIG            nodes nested deeper than UKPLAT_FDT_MAX_DEPTH
 */
int ukplat_fdt_init(struct ukplat_fdt *fdt, const void *blob, size_t maxlen,
		    const char **why);

/* Memory reservation entry i (0 <= i < fdt->n_rsv); -ENOENT past the end. */
int ukplat_fdt_rsv(const struct ukplat_fdt *fdt, uint32_t i, uint64_t *addr,
		   uint64_t *size);

/* ---- walking nodes ---- */

/*
 * The node after 'node' in document order (depth first), or the root when
 * node < 0. *depth is in/out: on entry the depth of 'node' (ignored when
 * node < 0), on return the depth of the returned node (root: 0). Returns
 * -ENOENT after the last node.
 */
int ukplat_fdt_next_node(const struct ukplat_fdt *fdt, int node, int *depth);
/* First child / next sibling of 'node'; -ENOENT when there is none. */
int ukplat_fdt_first_child(const struct ukplat_fdt *fdt, int node);
int ukplat_fdt_next_sibling(const struct ukplat_fdt *fdt, int node);
/* Parent of 'node'; -ENOENT for the root, -EINVAL for a bad offset. */
int ukplat_fdt_parent(const struct ukplat_fdt *fdt, int node);
/* The node's name with its unit address ("memory@40000000"; root: ""). */
const char *ukplat_fdt_name(const struct ukplat_fdt *fdt, int node);

/*
 * The child of 'parent' named name[0..len). A name without '@' also
 * matches a child whose name is that name followed by "@unit-address"
 * (first such child in document order).
 */
int ukplat_fdt_subnode(const struct ukplat_fdt *fdt, int parent,
		       const char *name, size_t len);
/*
 * The node at 'path': "/", "/chosen", "/memory@40000000", "/memory",
 * "/intc/its". A path not starting with '/' begins with an alias from
 * /aliases ("serial0", "serial0/child"). A ':' ends the path, so a
 * stdout-path value ("/pl011@9000000:115200n8") can be passed as is.
 */
int ukplat_fdt_find_path(const struct ukplat_fdt *fdt, const char *path);

/*
 * The first node after 'from' (from < 0: search from the root, included)
 * whose compatible list holds 'compat' exactly. Pass the result back as
 * 'from' to find the next one.
 */
int ukplat_fdt_find_compatible(const struct ukplat_fdt *fdt, int from,
			       const char *compat);
/* Likewise for a device_type property ("memory": the memory nodes). */
int ukplat_fdt_find_device_type(const struct ukplat_fdt *fdt, int from,
				const char *type);
bool ukplat_fdt_is_compatible(const struct ukplat_fdt *fdt, int node,
			      const char *compat);
/* status absent, "okay" or "ok" (2.3.4). */
bool ukplat_fdt_is_enabled(const struct ukplat_fdt *fdt, int node);

/* ---- properties ---- */

/*
 * Property 'name' of 'node': *val points into the blob (not aligned; read
 * it byte-wise or with the helpers below), *len is its length in bytes.
 * Either pointer may be NULL. Returns 0 or -ENOENT.
 */
int ukplat_fdt_prop(const struct ukplat_fdt *fdt, int node, const char *name,
		    const void **val, uint32_t *len);
/* One string (a single NUL, at the end); -EINVAL otherwise. */
int ukplat_fdt_prop_string(const struct ukplat_fdt *fdt, int node,
			   const char *name, const char **out);
/* A <u32>: exactly 4 bytes, else -EINVAL. */
int ukplat_fdt_prop_u32(const struct ukplat_fdt *fdt, int node,
			const char *name, uint32_t *out);
/* A <u32> or <u64> (4 or 8 bytes, else -EINVAL), widened to 64 bits. */
int ukplat_fdt_prop_u64(const struct ukplat_fdt *fdt, int node,
			const char *name, uint64_t *out);
/* Big-endian value of 'cells' (0..2) cells at p; p need not be aligned. */
uint64_t ukplat_fdt_read_cells(const void *p, uint32_t cells);

/*
 * The #address-cells and #size-cells that apply to 'node's reg: its
 * parent's, 2 and 1 where the parent has none. -ERANGE unless
 * 1 <= address cells <= 2 and size cells <= 2 (wider values do not fit a
 * uint64_t); -ENOENT for the root; -EINVAL when a property is not a <u32>.
 */
int ukplat_fdt_cells(const struct ukplat_fdt *fdt, int node, uint32_t *ac,
		     uint32_t *sc);
/*
 * Entry i of 'node's reg as (address, size); size is 0 when #size-cells is
 * 0. Returns 0; -ENOENT without reg or when i is past the last entry;
 * -EINVAL when reg's length is not a multiple of the entry size; the
 * errors of ukplat_fdt_cells.
 */
int ukplat_fdt_reg(const struct ukplat_fdt *fdt, int node, uint32_t i,
		   uint64_t *addr, uint64_t *size);

/* ---- /chosen ---- */

struct ukplat_fdt_chosen {
	const char *bootargs;       /* NULL when absent */
	const char *stdout_path;    /* NULL when absent; may hold ":options" */
	bool has_initrd;
	uint64_t initrd_start;      /* [start, end) physical, when has_initrd */
	uint64_t initrd_end;
};

/*
 * Read /chosen (3.6): bootargs, stdout-path (or the older
 * linux,stdout-path), linux,initrd-start and linux,initrd-end (each a
 * <u32> or a <u64>). Fields that are absent are left NULL/false. Returns
 * 0; -ENOENT (no /chosen), -EINVAL (a malformed property: not a string,
 * wrong size, only one initrd bound or end < start), *why saying which.
 */
int ukplat_fdt_chosen(const struct ukplat_fdt *fdt,
		      struct ukplat_fdt_chosen *out, const char **why);

/* ---- /cpus (fdt_cpus.c) ---- */

/* MPIDR_EL1's affinity fields: Aff3 (39:32), Aff2, Aff1, Aff0 (23:0). */
#define UKPLAT_FDT_MPIDR_AFF 0xff00ffffffULL

struct ukplat_fdt_cpus {
	unsigned int count;     /* entries filled, the boot CPU's included */
	unsigned int dropped;   /* usable CPUs beyond 'max' */
	unsigned int skipped;   /* disabled, not "psci"-started, or repeated */
};

/*
 * Collect the CPUs of /cpus (Devicetree Specification 3.7, 3.8) into
 * mpidr[0..max): mpidr[0] is the boot CPU ('boot_mpidr' masked with
 * UKPLAT_FDT_MPIDR_AFF, wherever /cpus lists it), then every child with
 * device_type "cpu" that is enabled and has enable-method "psci", in
 * document order. Disabled CPUs, other enable-methods and repeated ids
 * are counted in 'skipped'; usable CPUs beyond 'max' in 'dropped'.
 *
 * Returns 0 with *out filled, or a negative errno with a static sentence
 * in *why (when not NULL):
 *   -EINVAL  max is 0; /cpus has #size-cells other than 0, or a cpu node
 *            has no reg, a malformed one, or one with bits outside the
 *            affinity fields
 *   -ENOENT  no /cpus node, or the boot CPU is not listed under it
 */
int ukplat_fdt_cpus(const struct ukplat_fdt *fdt, uint64_t boot_mpidr,
		    uint64_t *mpidr, unsigned int max,
		    struct ukplat_fdt_cpus *out, const char **why);

#endif /* UKPLAT_FDT_H */

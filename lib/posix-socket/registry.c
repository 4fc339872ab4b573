/*
 * lib/posix-socket/registry.c - the address-family drivers: every
 * driver's init runs once; the families of the drivers that succeed are
 * indexed, the first driver naming a family keeping it; a driver whose
 * init fails is disabled with one console line saying why.
 *
 * The index is an array of (family, driver) pairs, as many as the enabled
 * drivers name, searched linearly: a kernel serves a handful of families,
 * and any int is a family (private numbers beyond AF_MAX included).
 */
#include <errno.h>
#include <uk/alloc.h>
#include <uk/print.h>
#include <uk/socket.h>

struct family_entry {
	int family;
	struct uk_socket_driver *drv;
};

static struct family_entry *families;
static unsigned int nfamilies;

/* The errno names an init most likely returns; numbers for the others. */
static const char *err_name(int err, char *buf, size_t len)
{
	static const struct {
		int err;
		const char *name;
	} names[] = {
		{ ENOMEM, "ENOMEM" }, { ENODEV, "ENODEV" }, { EINVAL, "EINVAL" },
		{ ENOSYS, "ENOSYS" }, { EIO, "EIO" },       { EBUSY, "EBUSY" },
		{ EEXIST, "EEXIST" }, { ENOENT, "ENOENT" }, { EPERM, "EPERM" },
		{ ENOTSUP, "ENOTSUP" }, { EAFNOSUPPORT, "EAFNOSUPPORT" },
		{ EPROTONOSUPPORT, "EPROTONOSUPPORT" }, { ENOSPC, "ENOSPC" },
		{ EAGAIN, "EAGAIN" }, { ENXIO, "ENXIO" },
	};
	unsigned int i = 0;
	unsigned int v = err < 0 ? (unsigned int)-err : (unsigned int)err;
	char digits[12];
	size_t n = 0;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].err == err)
			return names[i].name;
	/* "error N", written by hand: kernel code has no snprintf. */
	do {
		digits[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v && n < sizeof(digits));
	if (len < sizeof("error -") + n)
		return "error";
	i = 0;
	for (const char *p = "error "; *p; p++)
		buf[i++] = *p;
	if (err < 0)
		buf[i++] = '-';
	while (n)
		buf[i++] = digits[--n];
	buf[i] = '\0';
	return buf;
}

static const char *drv_name(const struct uk_socket_driver *d)
{
	return d->name ? d->name : "(unnamed)";
}

struct uk_socket_driver *uk_socket_driver_find(int family)
{
	if (family < 0)
		return NULL;
	for (unsigned int i = 0; i < nfamilies; i++)
		if (families[i].family == family)
			return families[i].drv;
	return NULL;
}

int uk_socket_registry_init(struct uk_socket_driver *const *start,
			    struct uk_socket_driver *const *end)
{
	unsigned int total = 0, disabled = 0;
	struct uk_socket_driver *const *dp;

	uk_free(families);
	families = NULL;
	nfamilies = 0;
	for (dp = start; dp < end; dp++)
		if (*dp)
			total += (*dp)->nfamilies;
	if (total) {
		families = uk_calloc(total, sizeof(*families));
		if (!families) {
			uk_pr_err("socket: no memory for the family index: every address family is disabled");
			return (int)(end - start);
		}
	}
	for (dp = start; dp < end; dp++) {
		struct uk_socket_driver *d = *dp;
		char buf[24];
		int rc = 0;

		if (!d)
			continue;
		if (!d->alloc)
			d->alloc = &uk_alloc_kernel;
		if (!d->ops) {
			uk_pr_warn("socket: driver %s disabled: no operations", drv_name(d));
			disabled++;
			continue;
		}
		if (d->ops->init)
			rc = d->ops->init(d);
		if (rc < 0) {
			uk_pr_warn("socket: driver %s disabled: init failed: %s",
				   drv_name(d), err_name(-rc, buf, sizeof(buf)));
			disabled++;
			continue;
		}
		for (unsigned int i = 0; i < d->nfamilies; i++) {
			int fam = d->families[i];
			struct uk_socket_driver *owner;

			if (fam < 0) {
				uk_pr_warn("socket: driver %s: family %d ignored", drv_name(d), fam);
				continue;
			}
			owner = uk_socket_driver_find(fam);
			if (owner) {
				if (owner != d)
					uk_pr_info("socket: family %d stays with driver %s (%s comes later)",
						   fam, drv_name(owner), drv_name(d));
				continue;
			}
			families[nfamilies].family = fam;
			families[nfamilies].drv = d;
			nfamilies++;
		}
	}
	return (int)disabled;
}

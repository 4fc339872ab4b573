/*
 * plat/common/virtio/virtio_cmdline.c - virtio-mmio transports named on
 * the kernel command line, as QEMU's microvm (with ACPI off) and
 * Firecracker describe them to a guest:
 *
 *     virtio_mmio.device=<size>@<base>:<irq>[:<id>]
 *
 * size and base take K, M or G suffixes (powers of 1024), numbers are
 * decimal, 0x-hex or 0-octal. The tokens are taken OUT of the command
 * line, wherever they are (QEMU appends them after the application's
 * "--" arguments), so they never reach argv. No hardware is touched:
 * host unit tests feed this file any string.
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <uk/plat.h>
#include <ukbase/string.h>
#include "phys_access.h"
#include "virtio_parse.h"

#define PREFIX     "virtio_mmio.device="
#define PREFIX_LEN (sizeof(PREFIX) - 1)

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* A number of s[0..len), with a K/M/G suffix when 'suffix'. */
static int number(const char *s, size_t len, bool suffix, uint64_t *out,
		  const char **why)
{
	unsigned int shift = 0;

	if (suffix && len > 0) {
		switch (s[len - 1]) {
		case 'k': case 'K': shift = 10; break;
		case 'm': case 'M': shift = 20; break;
		case 'g': case 'G': shift = 30; break;
		}
		/* None of them is a hex digit: no ambiguity with 0x... */
		if (shift)
			len--;
	}
	switch (uk_parse_u64(s, len, 0, out)) {
	case 0:
		break;
	case -ERANGE:
		return ukplat_parse_fail(why, -ERANGE, "number too large");
	default:
		return ukplat_parse_fail(why, -EINVAL, "not a number");
	}
	if (shift && (*out >> (64 - shift)))
		return ukplat_parse_fail(why, -ERANGE, "number too large");
	*out <<= shift;
	return 0;
}

static const char *find(const char *s, const char *end, char c)
{
	while (s < end && *s != c)
		s++;
	return s;
}

int ukplat_virtio_cmdline_parse(const char *s, size_t len,
				struct ukplat_virtio_mmio_desc *d,
				const char **why)
{
	const char *end = s + len, *at, *c1, *c2;
	uint64_t size, base, irq, id;
	int rc;

	if (len < PREFIX_LEN || uk_memcmp(s, PREFIX, PREFIX_LEN) != 0)
		return ukplat_parse_fail(why, -EINVAL, "not virtio_mmio.device=");
	s += PREFIX_LEN;
	at = find(s, end, '@');
	c1 = find(at, end, ':');
	if (at == end || c1 == end)
		return ukplat_parse_fail(why, -EINVAL,
					"expected <size>@<base>:<irq>[:<id>]");
	c2 = find(c1 + 1, end, ':');
	rc = number(s, (size_t)(at - s), true, &size, why);
	if (!rc)
		rc = number(at + 1, (size_t)(c1 - at - 1), true, &base, why);
	if (!rc)
		rc = number(c1 + 1, (size_t)(c2 - c1 - 1), false, &irq, why);
	if (!rc && c2 != end)
		rc = number(c2 + 1, (size_t)(end - c2 - 1), false, &id, why);
	if (rc)
		return rc;
	if (size == 0)
		return ukplat_parse_fail(why, -EINVAL, "size 0");
	if (base + size < base)
		return ukplat_parse_fail(why, -ERANGE, "base + size wraps");
	if (irq == 0 || irq > UKPLAT_VIRTIO_IRQ_MAX)
		return ukplat_parse_fail(why, -ERANGE, "interrupt out of range");
	d->base = base;
	d->size = size;
	d->irq = (unsigned int)irq;
	/* virtio-mmio's interrupt is a level, high while status is set. */
	d->irq_flags = UKPLAT_IRQ_LEVEL | UKPLAT_IRQ_ACTIVE_HIGH;
	return 0;
}

/* End of the token at s[r] (quotes and backslashes as uk/cmdline.h). */
static size_t token_end(const char *s, size_t r, size_t len)
{
	char q = 0;

	while (r < len && (q || !is_space(s[r]))) {
		if (s[r] == '\\' && q != '\'') {
			r += r + 1 < len ? 2 : 1;
			continue;
		}
		if (!q && (s[r] == '"' || s[r] == '\''))
			q = s[r];
		else if (q && s[r] == q)
			q = 0;
		r++;
	}
	return r;
}

int ukplat_virtio_cmdline_take(char *cmdline, struct ukplat_virtio_mmio_desc *dev,
			       unsigned int max, unsigned int *ndev,
			       const char **why)
{
	size_t len = uk_strlen(cmdline), r = 0, w = 0;
	int first = 0;

	*ndev = 0;
	if (why)
		*why = NULL;
	while (r < len) {
		size_t ws = r, tok, e;

		while (r < len && is_space(cmdline[r]))
			r++;
		tok = r;
		e = token_end(cmdline, r, len);
		r = e;
		if (e - tok >= PREFIX_LEN &&
		    uk_memcmp(cmdline + tok, PREFIX, PREFIX_LEN) == 0) {
			struct ukplat_virtio_mmio_desc d;
			const char *bad = NULL;
			int rc = ukplat_virtio_cmdline_parse(cmdline + tok,
							     e - tok, &d, &bad);

			if (!rc && *ndev == max) {
				rc = -ENOSPC;
				bad = "too many virtio_mmio.device tokens";
			}
			if (rc && !first) {
				first = rc;
				if (why)
					*why = bad;
			}
			if (!rc)
				dev[(*ndev)++] = d;
			continue; /* dropped, with the blanks before it */
		}
		uk_memmove(cmdline + w, cmdline + ws, e - ws);
		w += e - ws;
	}
	/* Leading blanks of a line that began with a dropped token. */
	r = 0;
	while (r < w && is_space(cmdline[r]))
		r++;
	uk_memmove(cmdline, cmdline + r, w - r);
	cmdline[w - r] = '\0';
	return first;
}

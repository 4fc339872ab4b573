/*
 * plat/common/virtio/virtio_parse.h - the parsers that find virtio-mmio
 * transports in firmware and boot-loader data: the kernel command line
 * (virtio_cmdline.c) and the ACPI DSDT (virtio_acpi.c). They touch no
 * hardware, so host unit tests (tests/unit/test_virtio_*.c) feed them any
 * bytes; malformed input is an error with a static sentence in *why.
 */
#ifndef UKPLAT_VIRTIO_PARSE_H
#define UKPLAT_VIRTIO_PARSE_H

#include <stddef.h>
#include <stdint.h>

/* One transport: its register window and interrupt. */
struct ukplat_virtio_mmio_desc {
	uint64_t base;
	uint64_t size;
	unsigned int irq;       /* platform interrupt number, 0: none */
	unsigned int irq_flags; /* UKPLAT_IRQ_* */
};

/* Interrupt numbers above this are refused as garbage. */
#define UKPLAT_VIRTIO_IRQ_MAX 1023

/*
 * Parse one token s[0..len), "virtio_mmio.device=<size>@<base>:<irq>[:<id>]"
 * (size and base with an optional K/M/G suffix). Returns 0 with *d filled
 * (level-triggered, active-high), or:
 *   -EINVAL  not that prefix, a missing '@' or ':', a bad digit, size 0
 *   -ERANGE  a number too large, base + size wrapping, irq 0 or above
 *            UKPLAT_VIRTIO_IRQ_MAX
 */
int ukplat_virtio_cmdline_parse(const char *s, size_t len,
				struct ukplat_virtio_mmio_desc *d,
				const char **why);

/*
 * Remove every virtio_mmio.device= token (unquoted, at a token start)
 * from the NUL-terminated 'cmdline', in place, and parse each into
 * dev[0..max); *ndev says how many. Malformed tokens are removed too.
 * Returns 0, or the first error: a parse error above, or -ENOSPC for
 * tokens beyond 'max'.
 */
int ukplat_virtio_cmdline_take(char *cmdline, struct ukplat_virtio_mmio_desc *dev,
			       unsigned int max, unsigned int *ndev,
			       const char **why);

/*
 * Scan the AML of a DSDT body (the bytes after its 36-byte header) for
 * devices (DeviceOp) whose _HID is the string "LNRO0005" (virtio-mmio)
 * and take from their _CRS buffer the Memory32Fixed (ACPI 6.4.3.4) and
 * the first Extended Interrupt (6.4.3.6) descriptors. Fills dev[0..max),
 * *ndev says how many. Returns 0 (also when there are none), or:
 *   -EPROTO   a malformed DeviceOp / buffer PkgLength, a _CRS that is not
 *             a buffer or a resource descriptor running past its buffer
 *   -ENODATA  an LNRO0005 device without a Memory32Fixed in its _CRS
 *   -ENOSPC   more such devices than 'max'
 * A device without an interrupt is kept with irq 0 (polled).
 */
int ukplat_acpi_virtio_mmio(const uint8_t *aml, size_t len,
			    struct ukplat_virtio_mmio_desc *dev, unsigned int max,
			    unsigned int *ndev, const char **why);

#endif /* UKPLAT_VIRTIO_PARSE_H */

/*
 * tests/guest/initrd.c - the initial ramdisk arrives: the boot description
 * (uk/bootinfo.h) names it, its bytes are the file's, and the memory map
 * keeps it out of the allocators. Prints its length and its POSIX cksum
 * CRC for the script to compare with cksum(1) of the host's file.
 */
#include <stdint.h>
#include <uk/bootinfo.h>
#include <uk/console.h>
#include <uk/pages.h>

/* One byte into the CRC of POSIX cksum (polynomial 0x04c11db7, MSB first). */
static uint32_t crc_byte(uint32_t crc, unsigned char b)
{
	crc ^= (uint32_t)b << 24;
	for (int k = 0; k < 8; k++)
		crc = (crc & 0x80000000u) ? (crc << 1) ^ 0x04c11db7u : crc << 1;
	return crc;
}

int main(void)
{
	const struct uk_bootinfo *bi = uk_bootinfo_get();
	const unsigned char *p = (const unsigned char *)(uintptr_t)bi->initrd_base;
	uint32_t crc = 0;
	int covered = 0;

	if (!bi->initrd_base) {
		uk_printf("initrd: none\n");
		return 1;
	}
	for (uint64_t i = 0; i < bi->initrd_len; i++)
		crc = crc_byte(crc, p[i]);
	for (uint64_t n = bi->initrd_len; n; n >>= 8)
		crc = crc_byte(crc, (unsigned char)(n & 0xff));
	for (uint32_t i = 0; i < bi->nr_regions; i++) {
		const struct uk_memregion *r = &bi->regions[i];

		if (r->type == UK_MEMREGION_INITRD && r->base <= bi->initrd_base &&
		    r->base + r->len >= bi->initrd_base + bi->initrd_len)
			covered = 1;
	}
	uk_printf("initrd: %lu bytes, cksum %u, %s\n", (unsigned long)bi->initrd_len,
		  (unsigned int)~crc, covered ? "reserved" : "NOT reserved");
	return 0;
}

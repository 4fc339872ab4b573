/*
 * lib/posix-process/random.c - getrandom, and the random bytes behind it
 * (uk_random_fill of <uk/random.h>, which /dev/random and /dev/urandom
 * serve too).
 *
 * Bytes come from the CPU's generator (ukplat_entropy_hw: RDSEED/RDRAND on
 * x86_64) when it has one. Otherwise, and for good once the hardware
 * generator has failed, they come from a ChaCha20 generator (chacha20.c)
 * in "fast key erasure" style: every request draws its output and the next
 * key from the current key, which is then overwritten, so that bytes
 * already handed out cannot be recomputed from the state. The generator is
 * seeded once, on first use, from what the machine offers without a
 * hardware generator: the cycle counter (at boot entry and now, with the
 * jitter of slow device reads in between), the monotonic clock and the
 * RTC. That seed is guessable by someone who knows the boot timing well:
 * fine for hash-table seeds and unique ids, weak for keys; a line at info
 * level says so. (Run with a CPU model that has RDRAND, e.g. QEMU
 * -cpu host or -cpu max, for strong bytes.)
 *
 * The generator is always "initialized", so getrandom never blocks and
 * GRND_NONBLOCK never gives EAGAIN; GRND_RANDOM and GRND_INSECURE are
 * accepted (Linux 5.6+ serves both from the same pool), their combination
 * and unknown flags are EINVAL, as on Linux.
 */
#include <errno.h>
#include <stddef.h>
#include <sys/random.h>
#include <uk/plat.h>
#include <uk/print.h>
#include <uk/random.h>
#include <uk/syscall.h>
#include <ukbase/string.h>
#include "posixprocess.h"

/* Linux caps one read at INT_MAX rounded down to a page (MAX_RW_COUNT). */
#define MAX_RW_COUNT 0x7ffff000UL
/* Output drawn from one key before the next key is taken. */
#define REKEY_BYTES (64 * 1024)

static int hw_failed;
static int seeded;
static uint32_t key[8];
static uint64_t requests;

static uint32_t load_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/* Fold 32 bytes of seed material into the key through the block function. */
static void absorb(const uint32_t material[8])
{
	static const uint32_t zero_nonce[3];
	uint8_t block[64];

	for (int i = 0; i < 8; i++)
		key[i] ^= material[i];
	uk_proc_chacha20_block(key, 0, zero_nonce, block);
	for (int i = 0; i < 8; i++)
		key[i] = load_le32(block + 4 * i);
	uk_memset(block, 0, sizeof(block));
}

static void seed(void)
{
	uint32_t m[8];
	uint64_t v[4];

	for (int round = 0; round < 4; round++) {
		/* A slow RTC read makes the cycle counter's low bits jitter. */
		v[0] = ukplat_cycles();
		v[1] = (uint64_t)ukplat_rtc_read_sec();
		v[2] = ukplat_monotonic_ns();
		v[3] = round == 0 ? ukplat_boot_entry_cycles()
				  : (uint64_t)(uintptr_t)&m ^ ukplat_cycles();
		uk_memcpy(m, v, sizeof(m));
		absorb(m);
	}
	uk_memset(v, 0, sizeof(v));
	seeded = 1;
	uk_pr_info("getrandom: no hardware random number generator; using a "
		   "generator seeded from timers (not for keys)");
}

/* 'len' bytes (at most REKEY_BYTES) from the current key, then a new key. */
static void soft_chunk(uint8_t *p, size_t len)
{
	uint32_t nonce[3], counter = 0;
	uint8_t block[64];
	uint32_t next[8];

	/* Unique per request; the cycle counter adds some unpredictability. */
	requests++;
	nonce[0] = (uint32_t)requests;
	nonce[1] = (uint32_t)(requests >> 32);
	nonce[2] = (uint32_t)ukplat_cycles();

	/* Block 0: the next key, and 32 bytes of output. */
	uk_proc_chacha20_block(key, counter++, nonce, block);
	for (int i = 0; i < 8; i++)
		next[i] = load_le32(block + 4 * i);
	for (size_t off = 32; len;) {
		size_t n = UK_MIN(len, sizeof(block) - off);

		uk_memcpy(p, block + off, n);
		p += n;
		len -= n;
		if (len) {
			uk_proc_chacha20_block(key, counter++, nonce, block);
			off = 0;
		}
	}
	uk_memcpy(key, next, sizeof(key));
	uk_memset(next, 0, sizeof(next));
	uk_memset(block, 0, sizeof(block));
}

void uk_random_fill(void *buf, size_t len)
{
	uint8_t *p = buf;

	if (!hw_failed) {
		if (ukplat_entropy_hw(buf, len) == (long)len)
			return;
		hw_failed = 1;
	}
	if (!seeded)
		seed();
	while (len) {
		size_t n = UK_MIN(len, (size_t)REKEY_BYTES);

		soft_chunk(p, n);
		p += n;
		len -= n;
	}
}

UK_SYSCALL_DEFINE3(getrandom, void *, buf, size_t, len, unsigned int, flags)
{
	const unsigned int known = GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE;

	if (flags & ~known)
		return -EINVAL;
	if ((flags & (GRND_RANDOM | GRND_INSECURE)) ==
	    (GRND_RANDOM | GRND_INSECURE))
		return -EINVAL;
	if (len > MAX_RW_COUNT)
		len = MAX_RW_COUNT;
	if (!len)
		return 0;
	if (!buf)
		return -EFAULT;
	uk_random_fill(buf, len);
	return (long)len;
}

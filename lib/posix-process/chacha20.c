/*
 * lib/posix-process/chacha20.c - the ChaCha20 block function, written from
 * its specification in RFC 8439 (section 2.3) for getrandom's software
 * generator (random.c). Host unit tests check it against the RFC's test
 * vectors (tests/unit/test_chacha20.c).
 */
#include <stdint.h>
#include "posixprocess.h"

static inline uint32_t rotl32(uint32_t v, unsigned int n)
{
	return (v << n) | (v >> (32 - n));
}

/* The quarter round on four words of the state (RFC 8439, 2.1). */
#define QR(a, b, c, d)                                                       \
	do {                                                                 \
		a += b; d ^= a; d = rotl32(d, 16);                           \
		c += d; b ^= c; b = rotl32(b, 12);                           \
		a += b; d ^= a; d = rotl32(d, 8);                            \
		c += d; b ^= c; b = rotl32(b, 7);                            \
	} while (0)

void uk_proc_chacha20_block(const uint32_t key[8], uint32_t counter,
			    const uint32_t nonce[3], uint8_t out[64])
{
	uint32_t in[16], x[16];

	/* "expand 32-byte k", the key, the block counter, the nonce. */
	in[0] = 0x61707865;
	in[1] = 0x3320646e;
	in[2] = 0x79622d32;
	in[3] = 0x6b206574;
	for (int i = 0; i < 8; i++)
		in[4 + i] = key[i];
	in[12] = counter;
	in[13] = nonce[0];
	in[14] = nonce[1];
	in[15] = nonce[2];
	for (int i = 0; i < 16; i++)
		x[i] = in[i];

	/* 20 rounds: ten pairs of a column round and a diagonal round. */
	for (int i = 0; i < 10; i++) {
		QR(x[0], x[4], x[8], x[12]);
		QR(x[1], x[5], x[9], x[13]);
		QR(x[2], x[6], x[10], x[14]);
		QR(x[3], x[7], x[11], x[15]);
		QR(x[0], x[5], x[10], x[15]);
		QR(x[1], x[6], x[11], x[12]);
		QR(x[2], x[7], x[8], x[13]);
		QR(x[3], x[4], x[9], x[14]);
	}

	/* Add the input back and serialize little-endian (RFC 8439, 2.3). */
	for (int i = 0; i < 16; i++) {
		uint32_t v = x[i] + in[i];

		out[4 * i] = (uint8_t)v;
		out[4 * i + 1] = (uint8_t)(v >> 8);
		out[4 * i + 2] = (uint8_t)(v >> 16);
		out[4 * i + 3] = (uint8_t)(v >> 24);
	}
}

/*
 * lib/ukbase/string.c - libuk's internal memory and string helpers.
 *
 * Plain byte and word loops: kernel code is built without SIMD registers, and
 * this file is compiled with loop-pattern recognition off so gcc does not
 * turn uk_memset's loop back into a call to uk_memset.
 */
#include <errno.h>
#include <ukbase/string.h>

/* A 64-bit word at any address (x86_64, and arm64 with SCTLR_EL1.A
 * clear, load and store those from normal memory). */
typedef uint64_t __attribute__((aligned(1), may_alias)) uk_u64_any;

void *uk_memcpy(void *__restrict dst, const void *__restrict src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	/*
	 * Words whatever the alignment: the copies that matter (network
	 * frames behind a 12-byte virtio header, TCP payload at offset 54,
	 * application buffers) rarely share one, and bytes cost eight times
	 * the loop. The destination is aligned first. Eight words a turn:
	 * under emulation (TCG) every turn of a loop costs a jump between
	 * translated blocks on top of its loads and stores, and bulk copies
	 * (frames, socket buffers) are most of what the network path does.
	 */
	if (n >= 16) {
		for (; (uintptr_t)d & 7; n--)
			*d++ = *s++;
		for (; n >= 64; n -= 64, d += 64, s += 64) {
			uint64_t w0 = ((const uk_u64_any *)s)[0];
			uint64_t w1 = ((const uk_u64_any *)s)[1];
			uint64_t w2 = ((const uk_u64_any *)s)[2];
			uint64_t w3 = ((const uk_u64_any *)s)[3];
			uint64_t w4 = ((const uk_u64_any *)s)[4];
			uint64_t w5 = ((const uk_u64_any *)s)[5];
			uint64_t w6 = ((const uk_u64_any *)s)[6];
			uint64_t w7 = ((const uk_u64_any *)s)[7];

			((uk_u64_any *)d)[0] = w0;
			((uk_u64_any *)d)[1] = w1;
			((uk_u64_any *)d)[2] = w2;
			((uk_u64_any *)d)[3] = w3;
			((uk_u64_any *)d)[4] = w4;
			((uk_u64_any *)d)[5] = w5;
			((uk_u64_any *)d)[6] = w6;
			((uk_u64_any *)d)[7] = w7;
		}
	}
	for (; n >= 8; n -= 8, d += 8, s += 8)
		*(uk_u64_any *)d = *(const uk_u64_any *)s;
	while (n--)
		*d++ = *s++;
	return dst;
}

void *uk_memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d == s || n == 0)
		return dst;
	/* uk_memcpy only when the two do not overlap: its loads and stores
	 * may come in any order (restrict). */
	if (d + n <= s || d >= s + n)
		return uk_memcpy(dst, src, n);
	if (d < s) {
		/* Forward, each word read before the store that may hit it. */
		for (; n >= 8; n -= 8, d += 8, s += 8)
			*(uk_u64_any *)d = *(const uk_u64_any *)s;
		while (n--)
			*d++ = *s++;
		return dst;
	}
	while (n--)
		d[n] = s[n];
	return dst;
}

void *uk_memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;
	uint64_t w = (unsigned char)c * 0x0101010101010101ULL;

	while (n && ((uintptr_t)d & 7)) {
		*d++ = (unsigned char)c;
		n--;
	}
	for (; n >= 8; n -= 8, d += 8)
		*(uint64_t *)d = w;
	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}

int uk_memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++) {
		if (*x != *y)
			return *x - *y;
	}
	return 0;
}

size_t uk_strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return (size_t)(p - s);
}

size_t uk_strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

int uk_strcmp(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}

int uk_strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (!*a)
			break;
	}
	return 0;
}

char *uk_strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)(uintptr_t)s;
		if (!*s)
			return NULL;
	}
}

size_t uk_strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = uk_strlen(src);

	if (size) {
		size_t n = len < size - 1 ? len : size - 1;

		uk_memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return 99;
}

int uk_parse_u64(const char *s, size_t len, unsigned int base, uint64_t *out)
{
	uint64_t v = 0;
	size_t i = 0;

	if (base == 0) {
		base = 10;
		if (len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
			base = 16;
			i = 2;
		} else if (len > 1 && s[0] == '0') {
			base = 8;
			i = 1;
		}
	}
	if (i >= len || base < 2 || base > 36)
		return -EINVAL;
	for (; i < len; i++) {
		int d = digit_value(s[i]);

		if (d >= (int)base)
			return -EINVAL;
		if (v > (UINT64_MAX - (uint64_t)d) / base)
			return -ERANGE;
		v = v * base + (uint64_t)d;
	}
	*out = v;
	return 0;
}

/*
 * lib/posix-unixsocket/ring.c - the byte ring behind every unix socket
 * direction (see ring.h). Data wraps around the end of the buffer; an
 * emptied ring starts over at index 0 so that a large message goes in
 * with one memcpy.
 */
#include <ukbase/string.h>
#include "ring.h"

void uk_unixsock_ring_init(struct uk_unixsock_ring *r, void *buf, size_t size)
{
	r->buf = buf;
	r->size = size;
	r->head = 0;
	r->count = 0;
}

void uk_unixsock_ring_put(struct uk_unixsock_ring *r, const void *src,
			  size_t n)
{
	size_t tail = r->head + r->count;
	size_t first;

	if (tail >= r->size)
		tail -= r->size;
	first = r->size - tail < n ? r->size - tail : n;
	uk_memcpy(r->buf + tail, src, first);
	uk_memcpy(r->buf, (const uint8_t *)src + first, n - first);
	r->count += n;
}

void uk_unixsock_ring_peek(const struct uk_unixsock_ring *r, size_t skip,
			   void *dst, size_t n)
{
	size_t at = r->head + skip;
	size_t first;

	if (at >= r->size)
		at -= r->size;
	first = r->size - at < n ? r->size - at : n;
	uk_memcpy(dst, r->buf + at, first);
	uk_memcpy((uint8_t *)dst + first, r->buf, n - first);
}

void uk_unixsock_ring_drop(struct uk_unixsock_ring *r, size_t n)
{
	r->count -= n;
	r->head = r->count ? (r->head + n) % r->size : 0;
}

void *uk_unixsock_ring_move(struct uk_unixsock_ring *r, void *buf,
			    size_t size)
{
	void *old = r->buf;

	if (r->count)
		uk_unixsock_ring_peek(r, 0, buf, r->count);
	r->buf = buf;
	r->size = size;
	r->head = 0;
	return old;
}

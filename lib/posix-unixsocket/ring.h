/*
 * lib/posix-unixsocket/ring.h - the byte ring of one direction of a unix
 * socket: a fixed-size buffer the sender copies into and the receiver
 * copies out of (one copy each way). Records of message sockets are
 * written through the same calls (header, then payload). No locking: the
 * caller serialises.
 */
#ifndef UNIXSOCK_RING_H
#define UNIXSOCK_RING_H

#include <stddef.h>
#include <stdint.h>

struct uk_unixsock_ring {
	uint8_t *buf;
	size_t size;  /* capacity in bytes */
	size_t head;  /* index of the first unread byte */
	size_t count; /* bytes waiting */
};

/* An empty ring over buf[size]. */
void uk_unixsock_ring_init(struct uk_unixsock_ring *r, void *buf, size_t size);

static inline size_t uk_unixsock_ring_room(const struct uk_unixsock_ring *r)
{
	return r->size - r->count;
}

/* Append n bytes; the caller checked n <= room. */
void uk_unixsock_ring_put(struct uk_unixsock_ring *r, const void *src,
			  size_t n);
/*
 * Copy n bytes starting 'skip' bytes after the head without consuming
 * them; the caller checked skip + n <= count.
 */
void uk_unixsock_ring_peek(const struct uk_unixsock_ring *r, size_t skip,
			   void *dst, size_t n);
/* Consume n bytes (n <= count). */
void uk_unixsock_ring_drop(struct uk_unixsock_ring *r, size_t n);
/*
 * Move the contents into a new buffer of 'size' bytes (size >= count),
 * returning the old buffer for the caller to free.
 */
void *uk_unixsock_ring_move(struct uk_unixsock_ring *r, void *buf,
			    size_t size);

#endif /* UNIXSOCK_RING_H */

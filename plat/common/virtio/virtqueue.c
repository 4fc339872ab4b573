/*
 * plat/common/virtio/virtqueue.c - split virtqueues (virtio 1.2, 2.7):
 * the ring memory, the free-descriptor list, adding chains, collecting
 * used ones, and notification suppression with VIRTIO_F_RING_EVENT_IDX
 * (used_event / avail_event, 2.7.7 and 2.7.10) or the flags otherwise.
 *
 * Not locked: the driver serialises the calls on one queue. The ring
 * lives in pages from the page allocator, identity-mapped: the pointers
 * stored in the descriptors are physical addresses.
 */
#include <errno.h>
#include <uk/pages.h>
#include <ukbase/string.h>
#include "virtio.h"

#define RING_USED_EVENT(vq) \
	((volatile uint16_t *)&(vq)->avail->ring[(vq)->num])
#define RING_AVAIL_EVENT(vq) \
	((volatile uint16_t *)(void *)((uint8_t *)(vq)->used + 4 + 8 * (vq)->num))

static unsigned int order_of(size_t bytes)
{
	unsigned int o = 0;

	while ((UK_PAGE_SIZE << o) < bytes)
		o++;
	return o;
}

int ukplat_virtq_init(struct ukplat_virtq *vq, uint16_t index, uint16_t num,
		      bool event_idx)
{
	size_t ring = virtq_bytes(num);
	uint8_t *mem;

	if (num == 0 || num > VIRTQ_MAX_SIZE || (num & (num - 1)))
		return -EINVAL;
	/* The cookies share the allocation, after the ring. */
	vq->order = order_of(ring + num * sizeof(void *));
	mem = uk_pages_alloc(vq->order);
	if (!mem)
		return -ENOMEM;
	uk_memset(mem, 0, UK_PAGE_SIZE << vq->order);
	vq->mem = mem;
	vq->num = num;
	vq->index = index;
	vq->event_idx = event_idx;
	vq->desc = (struct virtq_desc *)mem;
	vq->avail = (struct virtq_avail *)(mem + 16 * num);
	vq->used = (struct virtq_used *)(mem + virtq_used_offset(num));
	vq->cookie = (void **)(mem + ((ring + 7) & ~(size_t)7));
	for (uint16_t i = 0; i < num; i++)
		vq->desc[i].next = (uint16_t)(i + 1);
	vq->free_head = 0;
	vq->num_free = num;
	vq->avail_idx = vq->kicked_idx = vq->last_used = 0;
	return 0;
}

int ukplat_virtq_add(struct ukplat_virtq *vq, const struct ukplat_virtq_buf *b,
		     unsigned int n, void *cookie)
{
	uint16_t head = vq->free_head, i = head;

	if (n == 0 || n > vq->num_free)
		return -ENOSPC;
	for (unsigned int k = 0; k < n; k++) {
		struct virtq_desc *d = &vq->desc[i];

		d->addr = (uint64_t)(uintptr_t)b[k].addr; /* identity map */
		d->len = b[k].len;
		d->flags = (uint16_t)((b[k].write ? VIRTQ_DESC_F_WRITE : 0) |
				      (k + 1 < n ? VIRTQ_DESC_F_NEXT : 0));
		i = d->next;
	}
	vq->free_head = i;
	vq->num_free = (uint16_t)(vq->num_free - n);
	vq->cookie[head] = cookie;
	vq->avail->ring[vq->avail_idx & (vq->num - 1)] = head;
	vq->avail_idx++;
	return head;
}

bool ukplat_virtq_publish(struct ukplat_virtq *vq)
{
	uint16_t old = vq->kicked_idx, new = vq->avail_idx;

	/* Descriptors and ring entries before the index (2.7.13.2). */
	virtio_wmb();
	*(volatile uint16_t *)&vq->avail->idx = new;
	vq->kicked_idx = new;
	/* The index before reading whether the device wants to hear. */
	virtio_mb();
	if (vq->event_idx) {
		uint16_t ev = *RING_AVAIL_EVENT(vq);

		/* 2.7.10: notify when ev lies in [old, new). */
		return (uint16_t)(new - ev - 1) < (uint16_t)(new - old);
	}
	return !(*(volatile uint16_t *)&vq->used->flags & VIRTQ_USED_F_NO_NOTIFY);
}

bool ukplat_virtq_has_used(struct ukplat_virtq *vq)
{
	return *(volatile uint16_t *)&vq->used->idx != vq->last_used;
}

void *ukplat_virtq_get_used(struct ukplat_virtq *vq, uint32_t *len)
{
	struct virtq_used_elem *e;
	uint16_t id, i;
	void *cookie;

	if (!ukplat_virtq_has_used(vq))
		return NULL;
	/* The entry after the index that published it. */
	virtio_rmb();
	e = &vq->used->ring[vq->last_used & (vq->num - 1)];
	id = (uint16_t)e->id;
	if (id >= vq->num || !vq->cookie[id])
		return NULL; /* a broken device: never corrupt the free list */
	if (len)
		*len = e->len;
	vq->last_used++;
	cookie = vq->cookie[id];
	vq->cookie[id] = NULL;
	/* Give the chain back to the free list. */
	for (i = id;; i = vq->desc[i].next) {
		vq->num_free++;
		if (!(vq->desc[i].flags & VIRTQ_DESC_F_NEXT))
			break;
	}
	vq->desc[i].next = vq->free_head;
	vq->free_head = id;
	return cookie;
}

void ukplat_virtq_intr_disable(struct ukplat_virtq *vq)
{
	/*
	 * With EVENT_IDX the flags must stay 0 (2.7.10): used_event is left
	 * where it is, so the device interrupts at most once more.
	 */
	if (!vq->event_idx)
		*(volatile uint16_t *)&vq->avail->flags = VIRTQ_AVAIL_F_NO_INTERRUPT;
}

bool ukplat_virtq_intr_enable(struct ukplat_virtq *vq)
{
	if (vq->event_idx)
		*RING_USED_EVENT(vq) = vq->last_used;
	else
		*(volatile uint16_t *)&vq->avail->flags = 0;
	/* Our request before we look for entries that beat it. */
	virtio_mb();
	return ukplat_virtq_has_used(vq);
}

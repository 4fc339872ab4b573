/*
 * lib/posix-event/core.c - what every waiting call of posix-event shares:
 * timeouts turned into monotonic deadlines (with Linux's checks), the one
 * way to block (a wait queue, with or without a deadline), the temporary
 * signal mask of the p* calls, and the poll table behind poll and select.
 * A signal aimed at the waiting thread ends the wait with EINTR.
 *
 * The poll table is Linux's: each file asked about gets an entry on its
 * poll queue for the duration of the call, whose notify wakes the caller;
 * the caller then asks every file again. Entries are added only when the
 * call may have to wait (not for a zero timeout), once, before the first
 * pass, so that no change between a pass and the block can go unheard.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <uk/alloc.h>
#include <uk/plat.h>
#include "eventpoll.h"

#define NSEC_PER_SEC 1000000000ULL
#define NSEC_PER_MSEC 1000000ULL

/* now + ns without wrapping: a huge timeout is as good as none. */
static uint64_t deadline_after(uint64_t ns)
{
	uint64_t now = ukplat_monotonic_ns();

	if (ns >= UK_EV_FOREVER - now)
		return UK_EV_FOREVER;
	/* A deadline equal to UK_EV_NOW would mean "do not wait". */
	return now + ns ? now + ns : 1;
}

uint64_t uk_event_deadline_ms(int ms)
{
	if (ms < 0)
		return UK_EV_FOREVER;
	if (ms == 0)
		return UK_EV_NOW;
	return deadline_after((uint64_t)ms * NSEC_PER_MSEC);
}

int uk_event_deadline_rel(long sec, long nsec, uint64_t *deadline)
{
	if (sec < 0 || nsec < 0 || (unsigned long)nsec >= NSEC_PER_SEC)
		return -EINVAL;
	if (!sec && !nsec) {
		*deadline = UK_EV_NOW;
		return 0;
	}
	/* Beyond ~584 years the product would wrap: that is forever. */
	if ((unsigned long)sec >= UK_EV_FOREVER / NSEC_PER_SEC - 1)
		*deadline = UK_EV_FOREVER;
	else
		*deadline = deadline_after((uint64_t)sec * NSEC_PER_SEC +
					   (uint64_t)nsec);
	return 0;
}

uint64_t uk_event_remaining_ns(uint64_t deadline)
{
	uint64_t now = ukplat_monotonic_ns();

	return deadline > now ? deadline - now : 0;
}

int uk_event_block(struct uk_waitq *q, uint64_t deadline)
{
	/* A signal for this thread ends the wait; Linux never restarts
	 * poll, select or epoll_wait, whatever SA_RESTART says. */
	return uk_waitq_wait_intr(q, deadline == UK_EV_FOREVER ? 0 : deadline);
}

/* Linux's sigdelsetmask(SIGKILL, SIGSTOP) on every mask it installs. */
#define UNBLOCKABLE ((1ULL << (SIGKILL - 1)) | (1ULL << (SIGSTOP - 1)))

/* posix-process delivers; weak so that this library stands on its own. */
int uk_proc_sig_deliver_unblocked(void) __attribute__((weak));

int uk_event_sigmask_set(const uint64_t *mask, size_t size, uint64_t *saved)
{
	struct uk_thread_sig *st;

	if (!mask)
		return 0;
	if (size != sizeof(uint64_t))
		return -EINVAL;
	st = uk_thread_sig(uk_thread_current());
	*saved = st->blocked;
	st->blocked = *mask & ~UNBLOCKABLE;
	/*
	 * A pending signal the new mask unblocks is delivered now, under
	 * that mask, and the call fails with EINTR without waiting: the
	 * pselect pattern (block, raise, wait with the signal unblocked).
	 */
	if (uk_proc_sig_deliver_unblocked && uk_proc_sig_deliver_unblocked() > 0) {
		st->blocked = *saved;
		return -EINTR;
	}
	return 1;
}

/*
 * Signals only ever arrive synchronously, from a kill by the thread they
 * are pending for (posix-process), and this thread made no such call
 * while the mask was swapped: nothing became pending that the restore
 * would have to deliver.
 */
void uk_event_sigmask_restore(uint64_t saved)
{
	uk_thread_sig(uk_thread_current())->blocked = saved;
}

int uk_event_pollset_init(struct uk_event_pollset *ps, unsigned int n)
{
	ps->n = n;
	ps->q = (struct uk_waitq){ 0 };
	ps->woken = 0;
	ps->ent = NULL;
	if (n) {
		ps->ent = uk_calloc(n, sizeof(*ps->ent));
		if (!ps->ent)
			return -ENOMEM;
	}
	for (unsigned int i = 0; i < n; i++)
		ps->ent[i].set = ps;
	return 0;
}

/* A watched file may have changed: the caller asks them all again. */
static void pollent_notify(struct uk_vfs_poll_entry *pe, unsigned int events)
{
	struct uk_event_pollent *e =
		UK_EV_CONTAINER(pe, struct uk_event_pollent, pe);

	if (events & VFS_POLLFREE) {
		/* Cannot happen while we hold the file; leave if it does. */
		uk_vfs_pollq_del(&e->file->pollq, pe);
		e->armed = 0;
		return;
	}
	/* Like Linux's pollwake: a hint about other events is not for us. */
	if (events && !(events & e->mask))
		return;
	e->set->woken = 1;
	uk_waitq_wake_all(&e->set->q);
}

static void pollset_arm(struct uk_event_pollset *ps)
{
	for (unsigned int i = 0; i < ps->n; i++) {
		struct uk_event_pollent *e = &ps->ent[i];

		if (e->file) {
			e->pe.notify = pollent_notify;
			uk_vfs_pollq_add(&e->file->pollq, &e->pe);
			e->armed = 1;
		}
	}
}

static int pollset_pass(struct uk_event_pollset *ps)
{
	int count = 0;

	for (unsigned int i = 0; i < ps->n; i++) {
		struct uk_event_pollent *e = &ps->ent[i];

		if (e->file)
			e->revents = uk_vfs_file_poll(e->file) & e->mask;
		else
			e->revents = e->nval ? POLLNVAL : 0;
		if (e->revents)
			count++;
	}
	return count;
}

int uk_event_pollset_wait(struct uk_event_pollset *ps, uint64_t deadline)
{
	int count, timed_out = 0;

	if (deadline != UK_EV_NOW)
		pollset_arm(ps);
	for (;;) {
		ps->woken = 0;
		count = pollset_pass(ps);
		if (count || timed_out || deadline == UK_EV_NOW)
			return count;
		/* A notify during the pass: ask again rather than sleep. */
		if (ps->woken)
			continue;
		/* As Linux: after the deadline, one more pass, then 0. */
		count = uk_event_block(&ps->q, deadline);
		if (count == -EINTR)
			return count;
		if (count == -ETIMEDOUT)
			timed_out = 1;
	}
}

void uk_event_pollset_free(struct uk_event_pollset *ps)
{
	for (unsigned int i = 0; i < ps->n; i++) {
		struct uk_event_pollent *e = &ps->ent[i];

		if (e->armed)
			uk_vfs_pollq_del(&e->file->pollq, &e->pe);
		if (e->file)
			uk_vfs_file_put(e->file);
	}
	uk_free(ps->ent);
	ps->ent = NULL;
	ps->n = 0;
}

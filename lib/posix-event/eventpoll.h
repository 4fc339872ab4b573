/*
 * lib/posix-event/eventpoll.h - posix-event's internal interfaces, grouped
 * by the file that implements them.
 *
 * The library is the event-waiting side of the file system: poll, ppoll,
 * select, pselect6, the epoll calls and eventfd. All of them stand on the
 * poll queues of uk/vfs.h: a file's poll operation says what holds now, a
 * uk_vfs_poll_entry on the file's queue hears when that may have changed, and
 * a thread that must wait blocks on a uk_waitq that the entry's notify
 * wakes. Nothing here ever polls in a loop to find out that time passed.
 *
 * System calls run with interrupts off on one CPU and the scheduler is
 * cooperative inside the kernel, so no state here needs a lock: between a
 * check and the block that follows it no other thread can run.
 */
#ifndef POSIX_EVENT_EVENTPOLL_H
#define POSIX_EVENT_EVENTPOLL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <time.h>
#include <uk/sched.h>
#include <uk/vfs.h>

#define UK_EV_CONTAINER(p, type, member)                                     \
	((type *)(void *)((char *)(p) - offsetof(type, member)))

/* core.c: deadlines, blocking, the signal mask of the p* calls */

/*
 * Deadlines are absolute monotonic nanoseconds. UK_EV_NOW means "do not
 * wait at all" (a zero timeout), UK_EV_FOREVER "no timeout".
 */
#define UK_EV_NOW 0
#define UK_EV_FOREVER UINT64_MAX

/* poll's and epoll_wait's milliseconds: negative is forever, 0 is now. */
uint64_t uk_event_deadline_ms(int ms);
/*
 * A relative (sec, nsec) as Linux's poll_select_set_timeout takes it:
 * -EINVAL unless sec >= 0 and 0 <= nsec < 10^9; (0, 0) is UK_EV_NOW.
 */
int uk_event_deadline_rel(long sec, long nsec, uint64_t *deadline);
/* How much of a finite deadline is left (0 when it has passed). */
uint64_t uk_event_remaining_ns(uint64_t deadline);

/*
 * Block the running thread on q until woken or the deadline (not
 * UK_EV_NOW) comes: 0 when woken, -ETIMEDOUT, or -EINTR when a signal
 * for the thread came first.
 */
int uk_event_block(struct uk_waitq *q, uint64_t deadline);

/*
 * The temporary signal mask of ppoll, pselect6 and epoll_pwait: with a
 * mask, check its size (-EINVAL unless 8 bytes, the kernel's sigset_t),
 * save the thread's blocked mask in *saved and install the new one
 * (SIGKILL and SIGSTOP stay unblocked), returning 1; without one, 0.
 */
int uk_event_sigmask_set(const uint64_t *mask, size_t size, uint64_t *saved);
void uk_event_sigmask_restore(uint64_t saved);

/*
 * The poll table behind poll and select: one entry per descriptor asked
 * about, holding a reference to its file. The caller fills ent[] (file
 * from uk_vfs_fd_get or NULL, mask = the events of interest, nval for a bad
 * descriptor poll reports as POLLNVAL) and calls uk_event_pollset_wait.
 */
struct uk_event_pollset;

struct uk_event_pollent {
	struct uk_vfs_poll_entry pe;  /* on file->pollq while armed */
	struct uk_event_pollset *set;
	struct uk_vfs_file *file;     /* referenced; NULL: nothing to poll */
	unsigned int mask;            /* events of interest (a notify filter) */
	unsigned int revents;         /* the last pass's answer */
	unsigned char nval, armed;
	int fd;                       /* select: which descriptor */
	unsigned char sets;           /* select: which of the three sets */
};

struct uk_event_pollset {
	struct uk_event_pollent *ent;
	unsigned int n;
	struct uk_waitq q;            /* just the calling thread */
	int woken;
};

/* n zeroed entries (-ENOMEM); n may be 0. */
int uk_event_pollset_init(struct uk_event_pollset *ps, unsigned int n);
/*
 * Poll every entry until at least one reports something or the deadline
 * comes (then one last pass); returns how many entries report events
 * (revents set in each).
 */
int uk_event_pollset_wait(struct uk_event_pollset *ps, uint64_t deadline);
/* Put the files and free the table. */
void uk_event_pollset_free(struct uk_event_pollset *ps);

/* epoll.c: instances, their interest lists and ready lists, epoll_ctl */

/* Linux's limit on chains of epoll instances watching each other. */
#define UK_EP_MAX_NESTS 4
/* The bits of an item's event mask that are not events. */
#define UK_EP_PRIVATE_BITS                                                   \
	(EPOLLWAKEUP | EPOLLONESHOT | EPOLLET | EPOLLEXCLUSIVE)

struct uk_eventpoll;

/*
 * One watched (file, descriptor) pair of an instance: in the instance's
 * tree by that key, on the file's poll queue, on the ready list while its
 * file may have events, and on the nested list when the file is an epoll
 * instance itself (for the loop check).
 */
struct uk_ep_item {
	struct uk_vfs_poll_entry pe;
	struct uk_ep_item *left, *right;  /* tree */
	int height;
	struct uk_ep_item *rnext, *rprev; /* ready list */
	int ready;
	struct uk_ep_item *nnext, *nprev; /* nested list */
	struct uk_eventpoll *ep;
	struct uk_vfs_file *file;         /* not referenced (POLLFREE) */
	int fd;
	uint32_t events;                  /* asked for, with ERR/HUP/flags */
	uint64_t data;
};

struct uk_eventpoll {
	struct uk_vfs_file *file;         /* the instance's own open file */
	struct uk_ep_item *tree;
	struct uk_ep_item *rd_head, *rd_tail;
	struct uk_ep_item *nested;
	struct uk_waitq wq;               /* threads in epoll_wait */
	unsigned int nitems;
	unsigned int gen;                 /* loop check: visited mark */
	int depth;                        /* ... and the answer found */
};

/* The instance behind f, or NULL when f is not an epoll file. */
struct uk_eventpoll *uk_epoll_of(struct uk_vfs_file *f);
void uk_epoll_ready_del(struct uk_eventpoll *ep, struct uk_ep_item *it);
/* Put a list of items (linked by rnext, ready set) at the list's end. */
void uk_epoll_ready_append(struct uk_eventpoll *ep, struct uk_ep_item *head,
			   struct uk_ep_item *tail);

/* epwait.c: epoll_wait and friends; the scan of the ready list */

/*
 * Report up to max ready items into out (NULL: -EFAULT when there is
 * something to report) and re-queue the level-triggered ones.
 */
int uk_epoll_scan(struct uk_eventpoll *ep, struct epoll_event *out, int max);

/* eptree.c: the interest list, an AVL tree keyed by (file, fd) */

struct uk_ep_item *uk_eptree_find(struct uk_ep_item *root,
				  const struct uk_vfs_file *f, int fd);
/* The key must not be in the tree yet. */
void uk_eptree_insert(struct uk_ep_item **root, struct uk_ep_item *it);
void uk_eptree_remove(struct uk_ep_item **root, struct uk_ep_item *it);

#endif /* POSIX_EVENT_EVENTPOLL_H */

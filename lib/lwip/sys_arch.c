/*
 * lib/lwip/sys_arch.c - lwIP's operating-system layer (lwip/sys.h) over
 * libuk: semaphores and mutexes are uk/lock.h's, mailboxes a ring of
 * pointers between two counting semaphores, threads uk/sched.h's, time
 * the platform's monotonic clock, critical sections interrupts off.
 * Also the C-library bits lwIP needs (memory, diagnostics, atoi).
 */
#include <errno.h>
#include <stdarg.h>
#include <uk/alloc.h>
#include <uk/exit.h>
#include <uk/plat.h>
#include <uk/print.h>
#include <uk/random.h>
#include <ukbase/format.h>
#include <ukbase/string.h>
#include "lwip/opt.h"
#include "lwip/priv/tcp_priv.h"
#include "lwip/sys.h"
#include "lwip/tcpip.h"
#include "lwip.h"

int uk_lwip_errno;

/* Memory. */
void *uk_lwip_malloc(size_t size)
{
	return uk_alloc_malloc(&uk_alloc_kernel, size);
}

void *uk_lwip_calloc(size_t n, size_t size)
{
	void *p;

	if (size && n > SIZE_MAX / size)
		return NULL;
	p = uk_lwip_malloc(n * size);
	if (p)
		uk_memset(p, 0, n * size);
	return p;
}

void uk_lwip_free(void *p)
{
	uk_alloc_free(&uk_alloc_kernel, p);
}

/* Diagnostics and the bits of a C library. */
void uk_lwip_diag(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	uk_vlog(UK_LOG_INFO, fmt, ap);
	va_end(ap);
}

void uk_lwip_assert_fail(const char *msg, const char *file, int line)
{
	uk_pr_crit("lwIP assertion failed: %s (%s:%d)", msg, file, line);
	uk_exit(UK_EXIT_PANIC);
}

uint32_t uk_lwip_rand(void)
{
	uint32_t v;

	uk_random_fill(&v, sizeof(v));
	return v;
}

int uk_lwip_atoi(const char *s)
{
	int v = 0, neg = 0;

	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	while (*s >= '0' && *s <= '9')
		v = v * 10 + (*s++ - '0');
	return neg ? -v : v;
}

/* Time. */
u32_t sys_now(void)
{
	return (u32_t)(ukplat_monotonic_ns() / 1000000u);
}

void sys_init(void)
{
}

/* The deadline 'ms' milliseconds from now (0: none). */
static uint64_t deadline(u32_t ms)
{
	return ukplat_monotonic_ns() + (uint64_t)ms * 1000000u;
}

/* Milliseconds since 'start' (ns), for the waits' return values. */
static u32_t waited(uint64_t start)
{
	return (u32_t)((ukplat_monotonic_ns() - start) / 1000000u);
}

/* Critical sections. */
/* Semaphores. */
err_t sys_sem_new(sys_sem_t *sem, u8_t count)
{
	uk_semaphore_init(&sem->sem, count);
	sem->valid = 1;
	return ERR_OK;
}

void sys_sem_free(sys_sem_t *sem)
{
	sem->valid = 0;
}

void sys_sem_signal(sys_sem_t *sem)
{
	uk_semaphore_up(&sem->sem);
}

u32_t sys_arch_sem_wait(sys_sem_t *sem, u32_t timeout)
{
	uint64_t start = ukplat_monotonic_ns();

	if (!timeout) {
		uk_semaphore_down(&sem->sem);
		return waited(start);
	}
	if (uk_semaphore_down_until(&sem->sem, deadline(timeout)) < 0)
		return SYS_ARCH_TIMEOUT;
	return waited(start);
}

/* Mutexes. */
err_t sys_mutex_new(sys_mutex_t *mutex)
{
	uk_memset(&mutex->mtx, 0, sizeof(mutex->mtx));
	mutex->valid = 1;
	return ERR_OK;
}

void sys_mutex_free(sys_mutex_t *mutex)
{
	mutex->valid = 0;
}

void sys_mutex_lock(sys_mutex_t *mutex)
{
	uk_mutex_lock(&mutex->mtx);
}

void sys_mutex_unlock(sys_mutex_t *mutex)
{
	uk_mutex_unlock(&mutex->mtx);
}

/*
 * Mailboxes: 'size' slots; 'used' counts the messages a fetch may take,
 * 'room' the free slots a post may fill. The ring indices are only
 * touched under the spin lock.
 */
struct uk_lwip_mbox {
	struct uk_semaphore used, room;
	struct uk_spinlock lock;
	unsigned int size, head, tail;
	void *slot[];
};

err_t sys_mbox_new(sys_mbox_t *mbox, int size)
{
	struct uk_lwip_mbox *m;

	if (size <= 0)
		size = 64;
	m = uk_lwip_malloc(sizeof(*m) + (size_t)size * sizeof(void *));
	if (!m)
		return ERR_MEM;
	uk_memset(m, 0, sizeof(*m));
	uk_semaphore_init(&m->used, 0);
	uk_semaphore_init(&m->room, size);
	m->size = (unsigned int)size;
	*mbox = m;
	return ERR_OK;
}

void sys_mbox_free(sys_mbox_t *mbox)
{
	uk_lwip_free(*mbox);
	*mbox = NULL;
}

static void mbox_put(struct uk_lwip_mbox *m, void *msg)
{
	uk_spin_lock(&m->lock);
	m->slot[m->tail] = msg;
	m->tail = (m->tail + 1) % m->size;
	uk_spin_unlock(&m->lock);
	uk_semaphore_up(&m->used);
}

static void *mbox_take(struct uk_lwip_mbox *m)
{
	void *msg;

	uk_spin_lock(&m->lock);
	msg = m->slot[m->head];
	m->head = (m->head + 1) % m->size;
	uk_spin_unlock(&m->lock);
	uk_semaphore_up(&m->room);
	return msg;
}

void sys_mbox_post(sys_mbox_t *mbox, void *msg)
{
	uk_semaphore_down(&(*mbox)->room);
	mbox_put(*mbox, msg);
}

err_t sys_mbox_trypost(sys_mbox_t *mbox, void *msg)
{
	if (uk_semaphore_trydown(&(*mbox)->room) < 0)
		return ERR_MEM;
	mbox_put(*mbox, msg);
	return ERR_OK;
}

err_t sys_mbox_trypost_fromisr(sys_mbox_t *mbox, void *msg)
{
	return sys_mbox_trypost(mbox, msg);
}

/* See uk_lwip_busy (lwip.h). */
static int open_sockets;
static struct uk_thread *tcpip_thread;

static void rearm(void *arg)
{
	(void)arg; /* the tcpip thread looks at its timers after each message */
}

void uk_lwip_busy(int delta)
{
	open_sockets += delta;
	if (open_sockets == 1 && delta > 0)
		tcpip_try_callback(rearm, NULL);
}

u32_t sys_arch_mbox_fetch(sys_mbox_t *mbox, void **msg, u32_t timeout)
{
	struct uk_lwip_mbox *m = *mbox;
	uint64_t start = ukplat_monotonic_ns();
	void *dummy;

	if (uk_thread_current() == tcpip_thread) {
		/*
		 * Between two messages (lwIP's core lock is free here) the
		 * other runnable threads go first: a stream of messages (a
		 * busy loopback) must not keep applications from running.
		 */
		uk_sched_yield();
		/*
		 * Idle: the timers can wait for a message. Not while a TCP
		 * connection is still active: a closed socket's connection
		 * may still have data or its FIN to (re)send.
		 */
		if (!open_sockets && !tcp_active_pcbs)
			timeout = 0;
	}
	if (!timeout)
		uk_semaphore_down(&m->used);
	else if (uk_semaphore_down_until(&m->used, deadline(timeout)) < 0)
		return SYS_ARCH_TIMEOUT;
	dummy = mbox_take(m);
	if (msg)
		*msg = dummy;
	return waited(start);
}

u32_t sys_arch_mbox_tryfetch(sys_mbox_t *mbox, void **msg)
{
	void *dummy;

	if (uk_semaphore_trydown(&(*mbox)->used) < 0)
		return SYS_MBOX_EMPTY;
	dummy = mbox_take(*mbox);
	if (msg)
		*msg = dummy;
	return 0;
}

/* Threads. */
sys_thread_t sys_thread_new(const char *name, lwip_thread_fn thread,
			    void *arg, int stacksize, int prio)
{
	struct uk_thread *t;
	int rc;

	(void)prio;
	rc = uk_thread_create(&t, name, thread, arg,
			      stacksize > 0 ? (size_t)stacksize : 0);
	if (rc < 0) {
		uk_pr_crit("lwIP: cannot create thread %s: %d", name, rc);
		uk_exit(UK_EXIT_PANIC);
	}
	if (!tcpip_thread)
		tcpip_thread = t; /* lwIP's first and only thread */
	return t;
}

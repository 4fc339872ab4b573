/*
 * lib/uksched/thread.c - creating, ending, joining and detaching threads;
 * the boot context becomes thread "main" the first time the scheduler is
 * used. A detached thread's memory is freed by whichever thread runs
 * after it has exited (it cannot free the stack it is running on).
 *
 * The thread list and the counters change under the kernel lock (these
 * calls take it) and, where the scheduler walks them, its lock too.
 */
#include <errno.h>
#include <uk/exit.h>
#include <uk/lcpu.h>
#include <uk/pages.h>
#include <uk/paging.h>
#include <uk/plat.h>
#include <uk/print.h>
#include <ukbase/format.h>
#include <ukbase/string.h>
#include "sched_impl.h"

#define STACK_MAX (256UL << 20)

_Static_assert(sizeof(struct uk_thread) <= UK_PAGE_SIZE, "a thread is one page");

static struct uk_thread main_thread;
static int next_id = 1;
static struct uk_thread *all_threads; /* every thread not yet freed */
static int living;                    /* threads not yet exited */
static bool zombies;                  /* a detached thread awaits freeing */

static void describe_running(char *buf, size_t len);

/* FPU/SIMD save areas come from whole pages (64-byte alignment needed). */
static void *fpu_area_alloc(void)
{
	size_t n = (ukplat_fpu_size() + UK_PAGE_SIZE - 1) / UK_PAGE_SIZE;

	return uk_pages_alloc_n(n);
}

static void fpu_area_free(void *p)
{
	if (p)
		uk_pages_free_n(p, (ukplat_fpu_size() + UK_PAGE_SIZE - 1) / UK_PAGE_SIZE);
}

struct uk_thread *uk_sched_main_thread(void)
{
	struct uk_sched_cpu *boot = &uk_sched_cpus[0];

	if (!boot->running) {
		main_thread.name = "main";
		main_thread.id = next_id++;
		main_thread.state = UK_THREAD_RUNNABLE;
		main_thread.ctx.fpu = fpu_area_alloc();
		if (!main_thread.ctx.fpu) {
			uk_pr_crit("no memory for the main thread's FPU state");
			uk_exit(UK_EXIT_NOMEM);
		}
		main_thread.klock_depth = 0;
		boot->running = &main_thread;
		all_threads = &main_thread;
		living = 1;
		ukplat_fault_set_describer(describe_running);
	}
	return boot->running;
}

/* For fault reports: "name (id N)". */
static void describe_running(char *buf, size_t len)
{
	const struct uk_thread *t = uk_sched_running();

	if (t)
		uk_snprintf(buf, len, "%s (id %d), CPU %u", t->name, t->id,
			    uk_lcpu_idx());
	else
		uk_snprintf(buf, len, "no thread, CPU %u", uk_lcpu_idx());
}

struct uk_thread *uk_thread_find(int id)
{
	for (struct uk_thread *t = all_threads; t; t = t->all_next) {
		if (t->id == id && t->state != UK_THREAD_EXITED)
			return t;
	}
	return NULL;
}

int uk_thread_count(void)
{
	uk_thread_current();
	return living;
}

struct uk_thread_sig *uk_thread_sig(struct uk_thread *t)
{
	return &t->sig;
}

void uk_thread_set_clear_tid(struct uk_thread *t, int *p)
{
	t->clear_tid = p;
}

int *uk_thread_clear_tid(const struct uk_thread *t)
{
	return t->clear_tid;
}

struct uk_thread *uk_thread_current(void)
{
	struct uk_thread *t = uk_sched_running();

	return t ? t : uk_sched_main_thread();
}

const char *uk_thread_name(const struct uk_thread *t)
{
	return t->name;
}

int uk_thread_id(const struct uk_thread *t)
{
	return t->id;
}

static void thread_free(struct uk_thread *t)
{
	struct uk_thread **pp = &all_threads;
	unsigned long flags = uk_sched_lock();

	while (*pp && *pp != t)
		pp = &(*pp)->all_next;
	if (*pp)
		*pp = t->all_next;
	uk_sched_unlock(flags);
	if (t->stack) {
		/* The guard page goes back readable and writable, as free pages are. */
		ukplat_mem_protect((uintptr_t)t->stack, UK_PAGE_SIZE,
				   UK_PROT_READ | UK_PROT_WRITE);
		uk_pages_free_n(t->stack, t->stack_pages + 1);
	}
	ukplat_kstack_free(t->kstack);
	fpu_area_free(t->ctx.fpu);
	uk_pages_free_n(t, 1);
}

static bool on_a_cpu(const struct uk_thread *t)
{
	for (unsigned int i = 0; i < uk_lcpu_count(); i++)
		if (uk_sched_cpus[i].running == t)
			return true;
	return false;
}

void uk_sched_reap(void)
{
	struct uk_thread *t, *list = NULL;
	unsigned long flags;

	if (!__atomic_load_n(&zombies, __ATOMIC_RELAXED))
		return;
	/*
	 * Under the scheduler lock no CPU is half-way through switching
	 * away from an exited thread: its stack is free to go.
	 */
	flags = uk_sched_lock();
	zombies = false;
	for (t = all_threads; t; t = t->all_next) {
		if (!t->detached || t->state != UK_THREAD_EXITED || t->reaped)
			continue;
		if (on_a_cpu(t)) {
			zombies = true;
			continue;
		}
		t->reaped = true;
		t->next = list;
		list = t;
	}
	uk_sched_unlock(flags);
	if (!list)
		return;
	uk_klock_enter();
	while (list) {
		t = list;
		list = t->next;
		thread_free(t);
	}
	uk_klock_exit();
}

static void thread_main(void *arg)
{
	struct uk_thread *t = arg;

	/*
	 * Switched to with the scheduler lock held, interrupts off; they
	 * stay off (ukplat_irq_save's flags say so) until just below.
	 */
	uk_sched_unlock_resume(t, ukplat_irq_save());
	if (uk_sched_slice_ns || uk_sched_smp)
		ukplat_irq_enable(); /* as application code runs */
	t->fn(t->arg);
	uk_thread_exit();
}

struct uk_thread *uk_thread_bare(const char *name, void (*fn)(void *))
{
	struct uk_thread *t = uk_pages_alloc_n(1);
	const size_t pages = 4; /* idle contexts need little stack */
	uintptr_t ktop = 0;

	if (!t)
		return NULL;
	uk_memset(t, 0, sizeof(*t));
	t->name = name;
	t->is_idle = true;
	t->state = UK_THREAD_RUNNABLE;
	if (!fn)
		return t;
	t->stack_pages = pages;
	t->stack = uk_pages_alloc_n(pages + 1);
	if (ukplat_kstack_needed()) /* interrupts in the idle loop land there */
		t->kstack = ukplat_kstack_alloc(&ktop);
	if (!t->stack || (ukplat_kstack_needed() && !t->kstack) ||
	    ukplat_mem_protect((uintptr_t)t->stack, UK_PAGE_SIZE,
			       UK_PROT_NONE) < 0) {
		thread_free(t);
		return NULL;
	}
	ukplat_ctx_init(&t->ctx, (char *)t->stack + (pages + 1) * UK_PAGE_SIZE,
			(void *)ktop, fn, NULL);
	return t;
}

static int thread_create(struct uk_thread **out, const char *name,
			 void (*fn)(void *), void *arg, size_t stack_size)
{
	struct uk_thread *t, *creator;
	uintptr_t ktop = 0;
	unsigned long flags;

	if (!fn || !name || stack_size > STACK_MAX)
		return -EINVAL;
	creator = uk_thread_current(); /* "main" if it was not a thread yet */
	if (!stack_size)
		stack_size = UK_THREAD_STACK_DEFAULT;
	t = uk_pages_alloc_n(1);
	if (!t)
		return -ENOMEM;
	uk_memset(t, 0, sizeof(*t));
	t->name = name;
	t->sig.blocked = creator->sig.blocked;
	t->fn = fn;
	t->arg = arg;
	t->stack_pages = (stack_size + UK_PAGE_SIZE - 1) / UK_PAGE_SIZE;
	t->stack = uk_pages_alloc_n(t->stack_pages + 1);
	t->ctx.fpu = fpu_area_alloc();
	if (ukplat_kstack_needed())
		t->kstack = ukplat_kstack_alloc(&ktop);
	if (!t->stack || !t->ctx.fpu || (ukplat_kstack_needed() && !t->kstack) ||
	    ukplat_mem_protect((uintptr_t)t->stack, UK_PAGE_SIZE, UK_PROT_NONE) < 0) {
		thread_free(t);
		return -ENOMEM;
	}
	ukplat_ctx_init(&t->ctx,
			(char *)t->stack + (t->stack_pages + 1) * UK_PAGE_SIZE,
			(void *)ktop, thread_main, t);
	t->id = next_id++;
	t->klock_depth = 1; /* kernel code: it runs under the kernel lock */
	living++;
	flags = uk_sched_lock();
	t->all_next = all_threads;
	all_threads = t;
	uk_sched_make_runnable(t);
	uk_sched_unlock(flags);
	*out = t;
	return 0;
}

/* The public calls take the kernel lock, as uk/sched.h says. */
int uk_thread_create(struct uk_thread **out, const char *name,
		     void (*fn)(void *), void *arg, size_t stack_size)
{
	int rc;

	uk_klock_enter();
	rc = thread_create(out, name, fn, arg, stack_size);
	uk_klock_exit();
	return rc;
}

void uk_thread_exit(void)
{
	struct uk_thread *self = uk_thread_current();

	uk_klock_enter(); /* dropped for good by the switch */
	/* The last thread to end ends the application: its exit is the VM's. */
	if (living == 1)
		uk_exit(0);
	living--;
	(void)uk_sched_lock(); /* held into the switch */
	self->state = UK_THREAD_EXITED;
	if (self->detached)
		zombies = true;
	uk_sched_wake_all_locked(&self->joiners);
	uk_sched_switch_away();
	uk_panic("exited thread %s was scheduled again", self->name);
}

int uk_thread_join(struct uk_thread *t)
{
	struct uk_thread *self = uk_thread_current();
	unsigned long flags;

	if (t == self || t->joining || t->detached || t == &main_thread)
		return -EINVAL;
	uk_klock_enter();
	t->joining = true;
	/* EXITED seen under the scheduler lock: t's CPU has left its stack. */
	for (;;) {
		flags = uk_sched_lock();
		if (t->state == UK_THREAD_EXITED)
			break;
		uk_sched_wait_locked(self, &t->joiners);
		uk_sched_unlock_resume(self, flags);
	}
	uk_sched_unlock(flags);
	thread_free(t);
	uk_klock_exit();
	return 0;
}

int uk_thread_detach(struct uk_thread *t)
{
	unsigned long flags;

	if (t->joining || t->detached || t == &main_thread)
		return -EINVAL;
	flags = uk_sched_lock();
	t->detached = true;
	if (t->state == UK_THREAD_EXITED)
		zombies = true;
	uk_sched_unlock(flags);
	uk_sched_reap();
	return 0;
}

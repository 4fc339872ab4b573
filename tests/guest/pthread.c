/*
 * tests/guest/pthread.c - musl's unmodified pthreads on libuk (clone,
 * set_tid_address, futex, exit vs exit_group, gettid, tkill): mutexes,
 * join values, condition variables, rwlocks, barriers, pthread_once,
 * thread-specific data, detached threads and the reuse of their memory,
 * __thread, thread ids, pthread_kill, sleeps and yields in threads, custom
 * stacks and per-thread errno.
 *
 * Only main prints (check() is not thread-safe): threads record what they
 * saw in globals and main checks after joining them. Blocking waits that a
 * broken kernel could turn into hangs have deadlines where musl offers a
 * timed form, so that a failure is reported rather than timing out.
 */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "musl_tap.h"

/* Generous deadlines: the guests run under TCG, possibly on a busy host. */
#define WAIT_S 60

static long gettid_(void)
{
	return syscall(SYS_gettid);
}

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/* An absolute CLOCK_REALTIME deadline, as musl's timed waits take. */
static struct timespec deadline(int secs)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += secs;
	return ts;
}

/* CPUID's hypervisor leaf says KVM (x86_64; arm64 here only runs emulated). */
static int under_kvm(void)
{
#ifdef __x86_64__
	unsigned int a, b, c, d;

	__asm__ __volatile__("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(1), "c"(0));
	if (!(c & (1u << 31)))
		return 0;
	__asm__ __volatile__("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d)
			     : "a"(0x40000000), "c"(0));
	return b == 0x4b4d564b; /* "KVMK" of "KVMKVMKVM" */
#else
	return 0;
#endif
}

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000};

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

/*
 * Creates threads t[0..n-1] running fn((void *)i) and returns how many
 * were created: the tests join only those, so that a pthread_create that
 * fails is reported instead of crashing in pthread_join.
 */
static int spawn(pthread_t *t, int n, void *(*fn)(void *))
{
	int i;

	for (i = 0; i < n; i++)
		if (pthread_create(&t[i], NULL, fn, (void *)(intptr_t)i))
			break;
	return i;
}

/* Joins t[0..n-1]; returns how many joins returned 0. */
static int join_all(pthread_t *t, int n)
{
	int ok = 0;

	for (int i = 0; i < n; i++)
		ok += pthread_join(t[i], NULL) == 0;
	return ok;
}

/*
 * 64 threads add to one counter under a mutex. The increment is a separate
 * load and store, with a yield between them now and then while the lock is
 * held, so that other threads pile up on the mutex (musl's futex wait and
 * wake) and a mutex that let two threads in would lose updates.
 */
#define NADDERS 64
#define NADDS 100000

static pthread_mutex_t count_lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *adder(void *arg)
{
	(void)arg;
	for (int i = 0; i < NADDS; i++) {
		pthread_mutex_lock(&count_lock);
		long v = counter;
		if (i % 1000 == 0)
			sched_yield();
		counter = v + 1;
		pthread_mutex_unlock(&count_lock);
	}
	return NULL;
}

static void test_mutex_counter(void)
{
	pthread_t t[NADDERS];
	int created = spawn(t, NADDERS, adder), joined = join_all(t, created);

	check(created == NADDERS, "mutex: created %d of %d threads", created,
	      NADDERS);
	check(joined == NADDERS,
	      "mutex: every pthread_join returned 0 (%d of %d)", joined,
	      NADDERS);
	check(counter == (long)NADDERS * NADDS,
	      "mutex: the counter is exactly %ld (got %ld)",
	      (long)NADDERS * NADDS, counter);
}

/* What a thread returns, or hands to pthread_exit, is what join sees. */
static void *return_arg(void *arg)
{
	return arg;
}

static __attribute__((noinline)) void exit_from_depth(void *v)
{
	pthread_exit(v);
}

static void *exit_arg(void *arg)
{
	exit_from_depth(arg);
	return (void *)(intptr_t)-1; /* not reached */
}

static void test_join_values(void)
{
	pthread_t t[5], e;
	void *v[5], *ev = NULL;
	int ok_returns = 0, rc;

	for (int k = 0; k < 5; k++)
		if (pthread_create(&t[k], NULL, return_arg,
				   (void *)(intptr_t)(k * 7 + 1)))
			t[k] = 0;
	for (int k = 0; k < 5; k++) {
		v[k] = NULL;
		if (t[k] && pthread_join(t[k], &v[k]) == 0 &&
		    v[k] == (void *)(intptr_t)(k * 7 + 1))
			ok_returns++;
	}
	check(ok_returns == 5,
	      "join: 5 threads' return values seen by pthread_join (%d right)",
	      ok_returns);
	rc = pthread_create(&e, NULL, exit_arg, (void *)(intptr_t)0x5eed);
	if (rc == 0)
		rc = pthread_join(e, &ev);
	check(rc == 0 && ev == (void *)(intptr_t)0x5eed,
	      "join: a pthread_exit value from a nested call is seen (%p)", ev);
}

/*
 * Producer/consumer over a bounded queue: each item 1..NITEMS must be
 * consumed exactly once and the queue must never hold more than QCAP.
 * Consumers stop at a 0 item, one per consumer, queued after the producers.
 */
#define QCAP 4
#define NITEMS 10000
#define NPROD 2
#define NCONS 2

static struct {
	pthread_mutex_t lock;
	pthread_cond_t not_full, not_empty;
	int buf[QCAP];
	int head, n, max_n, full_waits;
} q = {
    .lock = PTHREAD_MUTEX_INITIALIZER,
    .not_full = PTHREAD_COND_INITIALIZER,
    .not_empty = PTHREAD_COND_INITIALIZER,
};

static unsigned char seen[NITEMS + 1];
static long cons_sum[NCONS], cons_count[NCONS], cons_bad[NCONS];

static void q_put(int v)
{
	pthread_mutex_lock(&q.lock);
	while (q.n == QCAP) {
		q.full_waits++;
		pthread_cond_wait(&q.not_full, &q.lock);
	}
	q.buf[(q.head + q.n) % QCAP] = v;
	q.n++;
	if (q.n > q.max_n)
		q.max_n = q.n;
	pthread_cond_signal(&q.not_empty);
	pthread_mutex_unlock(&q.lock);
}

static int q_get(void)
{
	int v;

	pthread_mutex_lock(&q.lock);
	while (q.n == 0)
		pthread_cond_wait(&q.not_empty, &q.lock);
	v = q.buf[q.head];
	q.head = (q.head + 1) % QCAP;
	q.n--;
	pthread_cond_signal(&q.not_full);
	pthread_mutex_unlock(&q.lock);
	return v;
}

static void *producer(void *arg)
{
	for (int v = (int)(intptr_t)arg + 1; v <= NITEMS; v += NPROD)
		q_put(v);
	return NULL;
}

static void *consumer(void *arg)
{
	int c = (int)(intptr_t)arg, v;

	while ((v = q_get()) != 0) {
		if (v < 0 || v > NITEMS) {
			cons_bad[c]++;
			continue;
		}
		__atomic_fetch_add(&seen[v], 1, __ATOMIC_RELAXED);
		cons_sum[c] += v;
		cons_count[c]++;
	}
	return NULL;
}

static void test_cond_queue(void)
{
	pthread_t p[NPROD], c[NCONS];
	long sum = 0, n = 0, bad = 0;
	int once = 0, nc, np, joined;

	/*
	 * Without a consumer the producers would block for ever; without
	 * every producer the items would not add up: both are failures.
	 */
	nc = spawn(c, NCONS, consumer);
	np = nc ? spawn(p, NPROD, producer) : 0;
	joined = join_all(p, np);
	for (int i = 0; i < nc; i++)
		q_put(0);
	joined += join_all(c, nc);
	for (int i = 0; i < NCONS; i++) {
		sum += cons_sum[i];
		n += cons_count[i];
		bad += cons_bad[i];
	}
	for (int v = 1; v <= NITEMS; v++)
		once += seen[v] == 1;
	check(nc == NCONS && np == NPROD && joined == nc + np,
	      "cond: consumers, producers created and joined (%d, %d, %d)", nc,
	      np, joined);
	check(n == NITEMS && bad == 0,
	      "cond: %d items consumed (got %ld, %ld out of range)", NITEMS, n,
	      bad);
	check(sum == (long)NITEMS * (NITEMS + 1) / 2,
	      "cond: the items sum to %ld (got %ld)",
	      (long)NITEMS * (NITEMS + 1) / 2, sum);
	check(once == NITEMS,
	      "cond: every item consumed exactly once (%d of %d)", once,
	      NITEMS);
	/* The bound must also have been reached, or it was never tested. */
	check(q.max_n <= QCAP && q.full_waits > 0,
	      "cond: the queue held at most %d (max %d, %d waits when full)",
	      QCAP, q.max_n, q.full_waits);
}

/*
 * rwlocks. Readers take the read lock, then wait on a condition variable
 * while holding it until main has seen all of them inside at once: with a
 * read lock that excluded readers, the later ones would time out in
 * pthread_rwlock_timedrdlock instead. Then main holds the write lock while
 * readers try to get in: none may before it is released.
 */
#define NREADERS 4

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static pthread_mutex_t rw_m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t rw_cv = PTHREAD_COND_INITIALIZER;
static int rw_holders, rw_release, rd_rc[NREADERS];
static int writer_done, rd_after_writer[NREADERS], rd_acquired;

static void *rw_sharing_reader(void *arg)
{
	int i = (int)(intptr_t)arg;
	struct timespec dl = deadline(WAIT_S);

	rd_rc[i] = pthread_rwlock_timedrdlock(&rw, &dl);
	if (rd_rc[i])
		return NULL;
	pthread_mutex_lock(&rw_m);
	rw_holders++;
	pthread_cond_broadcast(&rw_cv);
	while (!rw_release)
		if (pthread_cond_timedwait(&rw_cv, &rw_m, &dl) == ETIMEDOUT)
			break;
	rw_holders--;
	pthread_mutex_unlock(&rw_m);
	pthread_rwlock_unlock(&rw);
	return NULL;
}

static void *rw_excluded_reader(void *arg)
{
	int i = (int)(intptr_t)arg;
	struct timespec dl = deadline(WAIT_S);

	rd_rc[i] = pthread_rwlock_timedrdlock(&rw, &dl);
	if (rd_rc[i])
		return NULL;
	rd_after_writer[i] = __atomic_load_n(&writer_done, __ATOMIC_SEQ_CST);
	__atomic_fetch_add(&rd_acquired, 1, __ATOMIC_SEQ_CST);
	pthread_rwlock_unlock(&rw);
	return NULL;
}

static void test_rwlock(void)
{
	struct timespec dl = deadline(WAIT_S);
	pthread_t t[NREADERS];
	int max_holders, trywr, tryrd, rc, rd_ok = 0, early, after = 0, n;

	for (int i = 0; i < NREADERS; i++)
		rd_rc[i] = -1;
	n = spawn(t, NREADERS, rw_sharing_reader);
	pthread_mutex_lock(&rw_m);
	while (rw_holders < n)
		if (pthread_cond_timedwait(&rw_cv, &rw_m, &dl) == ETIMEDOUT)
			break;
	max_holders = rw_holders;
	/* The readers are still inside, waiting for rw_release. */
	trywr = pthread_rwlock_trywrlock(&rw);
	tryrd = pthread_rwlock_tryrdlock(&rw);
	if (tryrd == 0)
		pthread_rwlock_unlock(&rw);
	if (trywr == 0)
		pthread_rwlock_unlock(&rw);
	rw_release = 1;
	pthread_cond_broadcast(&rw_cv);
	pthread_mutex_unlock(&rw_m);
	rc = join_all(t, n) == n ? 0 : -1;
	for (int i = 0; i < NREADERS; i++)
		rd_ok += rd_rc[i] == 0;
	check(n == NREADERS && max_holders == NREADERS && rd_ok == NREADERS,
	      "rwlock: %d readers held the read lock at once (%d, %d)",
	      NREADERS, max_holders, rd_ok);
	check(trywr == EBUSY,
	      "rwlock: trywrlock while read-held: EBUSY (got %d)", trywr);
	check(tryrd == 0, "rwlock: tryrdlock while read-held: 0 (got %d)",
	      tryrd);

	/* A writer excludes readers. */
	rc = pthread_rwlock_wrlock(&rw);
	for (int i = 0; i < NREADERS; i++)
		rd_rc[i] = -1;
	n = spawn(t, NREADERS, rw_excluded_reader);
	sleep_ms(20); /* the readers run and block on the write-held lock */
	early = __atomic_load_n(&rd_acquired, __ATOMIC_SEQ_CST);
	__atomic_store_n(&writer_done, 1, __ATOMIC_SEQ_CST);
	rc |= pthread_rwlock_unlock(&rw);
	if (join_all(t, n) != n)
		rc = -1;
	rd_ok = 0;
	for (int i = 0; i < NREADERS; i++) {
		rd_ok += rd_rc[i] == 0;
		after += rd_after_writer[i];
	}
	check(rc == 0 && n == NREADERS && early == 0,
	      "rwlock: no reader got in while the write lock was held (%d did)",
	      early);
	check(rd_ok == NREADERS && after == NREADERS,
	      "rwlock: all readers got in once the writer left (%d, %d)", rd_ok,
	      after);
}

/*
 * Barriers over several rounds: exactly one waiter per round gets
 * PTHREAD_BARRIER_SERIAL_THREAD, and nobody leaves round r before all have
 * arrived at it. Thread i yields i times before arriving so that arrivals
 * are spread out.
 */
#define NBAR 8
#define NROUNDS 5

static pthread_barrier_t bar;
static int arrived[NROUNDS], serials[NROUNDS], early_leavers, bad_rc;

static void *bar_thread(void *arg)
{
	int i = (int)(intptr_t)arg;

	for (int r = 0; r < NROUNDS; r++) {
		for (int k = 0; k < i; k++)
			sched_yield();
		__atomic_fetch_add(&arrived[r], 1, __ATOMIC_SEQ_CST);
		int rc = pthread_barrier_wait(&bar);
		if (rc == PTHREAD_BARRIER_SERIAL_THREAD)
			__atomic_fetch_add(&serials[r], 1, __ATOMIC_SEQ_CST);
		else if (rc != 0)
			__atomic_fetch_add(&bad_rc, 1, __ATOMIC_SEQ_CST);
		if (__atomic_load_n(&arrived[r], __ATOMIC_SEQ_CST) != NBAR)
			__atomic_fetch_add(&early_leavers, 1, __ATOMIC_SEQ_CST);
	}
	return NULL;
}

static void test_barrier(void)
{
	pthread_t t[NBAR];
	int rc = pthread_barrier_init(&bar, NULL, NBAR), one_serial = 0, n;

	/* Too few threads would wait at the barrier for ever: leave them. */
	if (rc || (n = spawn(t, NBAR, bar_thread)) < NBAR) {
		check(0, "barrier: could not set up %d threads", NBAR);
		return;
	}
	if (join_all(t, n) != n)
		rc = -1;
	for (int r = 0; r < NROUNDS; r++)
		one_serial += serials[r] == 1;
	check(rc == 0 && bad_rc == 0,
	      "barrier: waits returned 0 or SERIAL, joins 0");
	check(one_serial == NROUNDS,
	      "barrier: one SERIAL_THREAD in each of %d rounds (%d right)",
	      NROUNDS, one_serial);
	check(early_leavers == 0,
	      "barrier: nobody left a round before all %d arrived (%d did)",
	      NBAR, early_leavers);
	pthread_barrier_destroy(&bar);
}

/*
 * pthread_once from many threads: the init function yields and sleeps
 * half-way so that the others arrive while it runs; they must wait for it
 * rather than run it again or return early.
 */
#define NONCE 16

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int once_runs, once_done, once_saw_done[NONCE], once_rc[NONCE];

static void once_init(void)
{
	__atomic_fetch_add(&once_runs, 1, __ATOMIC_SEQ_CST);
	sched_yield();
	sleep_ms(1);
	__atomic_store_n(&once_done, 1, __ATOMIC_SEQ_CST);
}

static void *once_thread(void *arg)
{
	int i = (int)(intptr_t)arg;

	once_rc[i] = pthread_once(&once, once_init);
	once_saw_done[i] = __atomic_load_n(&once_done, __ATOMIC_SEQ_CST);
	return NULL;
}

static void test_once(void)
{
	pthread_t t[NONCE];
	int n = spawn(t, NONCE, once_thread), joined = join_all(t, n), good = 0;

	for (int i = 0; i < n; i++)
		good += once_rc[i] == 0 && once_saw_done[i];
	check(n == NONCE && joined == n && once_runs == 1,
	      "once: the init function ran once for %d threads (%d)", NONCE,
	      once_runs);
	check(good == NONCE,
	      "once: every caller returned after init finished (%d of %d)",
	      good, NONCE);
}

/*
 * Thread-specific data: each thread stores &tsd_slot[i]; the destructor
 * must run once per thread, in that thread, with that thread's value. One
 * extra thread sets a value and clears it again: no destructor for it.
 */
#define NTSD 8

static pthread_key_t key;
static int tsd_slot[NTSD + 1], dtor_calls[NTSD], dtor_bad,
    tsd_start_null[NTSD + 1], tsd_own[NTSD];
static pthread_t tsd_self[NTSD];

static void tsd_dtor(void *v)
{
	int *p = v;

	if (p < tsd_slot || p >= tsd_slot + NTSD ||
	    !pthread_equal(pthread_self(), tsd_self[p - tsd_slot])) {
		__atomic_fetch_add(&dtor_bad, 1, __ATOMIC_SEQ_CST);
		return;
	}
	__atomic_fetch_add(&dtor_calls[p - tsd_slot], 1, __ATOMIC_SEQ_CST);
}

static void *tsd_thread(void *arg)
{
	int i = (int)(intptr_t)arg;

	tsd_start_null[i] = pthread_getspecific(key) == NULL;
	if (i == NTSD) {
		pthread_setspecific(key, &tsd_slot[i]);
		pthread_setspecific(key, NULL);
		return NULL;
	}
	tsd_self[i] = pthread_self();
	pthread_setspecific(key, &tsd_slot[i]);
	sched_yield(); /* the others set theirs meanwhile */
	tsd_own[i] = pthread_getspecific(key) == &tsd_slot[i];
	return NULL;
}

static void test_tsd(void)
{
	static int main_value;
	pthread_t t[NTSD + 1];
	int rc = pthread_key_create(&key, tsd_dtor), once = 0, own = 0,
	    null = 0, n;

	if (rc) {
		check(0, "tsd: pthread_key_create failed (%d)", rc);
		return;
	}
	pthread_setspecific(key, &main_value);
	n = spawn(t, NTSD + 1, tsd_thread);
	if (join_all(t, n) != NTSD + 1)
		rc = -1;
	for (int i = 0; i < NTSD; i++) {
		once += dtor_calls[i] == 1;
		own += tsd_own[i];
	}
	for (int i = 0; i <= NTSD; i++)
		null += tsd_start_null[i];
	check(rc == 0 && null == NTSD + 1,
	      "tsd: a new thread's value starts NULL (%d of %d)", null,
	      NTSD + 1);
	check(own == NTSD,
	      "tsd: each thread reads back its own value (%d of %d)", own,
	      NTSD);
	check(once == NTSD && dtor_bad == 0,
	      "tsd: a destructor call per thread, with its value (%d, %d bad)",
	      once, dtor_bad);
	check(pthread_getspecific(key) == &main_value,
	      "tsd: main's value is unaffected");
	pthread_setspecific(key, NULL);
	pthread_key_delete(key);
}

/*
 * Detached threads, made detached three ways (attribute, pthread_detach by
 * main, pthread_detach by the thread itself), in batches: each posts a
 * semaphore and exits, and musl unmaps a detached thread's stack from under
 * it on the way out. Then 1000 threads are created and joined one after
 * another. pthread.sh boots this guest with 64 MiB, where neither the 500
 * detached stacks nor the 1000 joined ones would fit if they were not
 * given back, so a leak makes pthread_create fail here.
 */
#define NDETACH_BATCH 50
#define NDETACH_BATCHES 10
#define NSEQ 1000

static sem_t det_sem;
static int det_ran;

static void *det_thread(void *arg)
{
	if (arg)
		pthread_detach(pthread_self());
	__atomic_fetch_add(&det_ran, 1, __ATOMIC_SEQ_CST);
	sem_post(&det_sem);
	return NULL;
}

/* Creates a thread that is detached in the way 'how' picks. */
static int create_detached(int how, const pthread_attr_t *detached)
{
	pthread_t t;
	int rc;

	switch (how) {
	case 0:
		return pthread_create(&t, detached, det_thread, NULL);
	case 1:
		rc = pthread_create(&t, NULL, det_thread, NULL);
		return rc ? rc : pthread_detach(t);
	default:
		return pthread_create(&t, NULL, det_thread, (void *)1);
	}
}

static void test_detached(void)
{
	pthread_attr_t attr;
	pthread_t t;
	int created = 0, posted = 0, seq_ok = 0;

	sem_init(&det_sem, 0, 0);
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	for (int b = 0; b < NDETACH_BATCHES; b++) {
		int in_batch = 0;

		while (in_batch < NDETACH_BATCH &&
		       create_detached(b % 3, &attr) == 0)
			in_batch++;
		created += in_batch;
		for (int i = 0; i < in_batch; i++) {
			struct timespec dl = deadline(WAIT_S);
			if (sem_timedwait(&det_sem, &dl))
				break;
			posted++;
		}
		if (in_batch < NDETACH_BATCH || posted < created)
			break;
	}
	pthread_attr_destroy(&attr);
	check(created == NDETACH_BATCH * NDETACH_BATCHES,
	      "detached: created %d detached threads (%d)",
	      NDETACH_BATCH * NDETACH_BATCHES, created);
	check(posted == NDETACH_BATCH * NDETACH_BATCHES && det_ran == posted,
	      "detached: all of them ran and posted (%d posts, %d ran)", posted,
	      det_ran);
	sleep_ms(10); /* the last ones finish exiting */

	for (int i = 0; i < NSEQ; i++) {
		void *v = NULL;
		if (pthread_create(&t, NULL, return_arg,
				   (void *)(intptr_t)(i + 1)) ||
		    pthread_join(t, &v) || v != (void *)(intptr_t)(i + 1))
			break;
		seq_ok++;
	}
	check(seq_ok == NSEQ,
	      "detached: then %d threads created and joined one by one (%d)",
	      NSEQ, seq_ok);
	sem_destroy(&det_sem);
}

/*
 * __thread: every thread gets the initial image (tls_init starts at 42
 * even after main changed its own copy), writes its index, waits until all
 * have written, yields, and reads back its own value. An over-aligned
 * variable keeps its alignment in every thread.
 */
#define NTLS 8

static __thread int tls_idx;
static __thread int tls_init = 42;
static __thread long long tls_aligned __attribute__((aligned(64)));
static pthread_barrier_t tls_bar;
static int tls_start_ok[NTLS], tls_end_ok[NTLS];
static uintptr_t tls_addr[NTLS];

static void *tls_thread(void *arg)
{
	int i = (int)(intptr_t)arg;

	tls_start_ok[i] = tls_init == 42 && tls_idx == 0 && tls_aligned == 0 &&
			  (uintptr_t)&tls_aligned % 64 == 0;
	tls_idx = i + 1;
	tls_init = 100 + i;
	tls_addr[i] = (uintptr_t)&tls_idx;
	pthread_barrier_wait(&tls_bar);
	for (int k = 0; k < 3; k++)
		sched_yield();
	tls_end_ok[i] = tls_idx == i + 1 && tls_init == 100 + i;
	return NULL;
}

static void test_tls(void)
{
	pthread_t t[NTLS];
	int rc = pthread_barrier_init(&tls_bar, NULL, NTLS), start = 0, end = 0,
	    distinct = 1;

	tls_init = 7;
	tls_idx = -1;
	/* Too few threads would wait at the barrier for ever: leave them. */
	if (rc || spawn(t, NTLS, tls_thread) < NTLS) {
		check(0, "tls: could not set up %d threads", NTLS);
		return;
	}
	if (join_all(t, NTLS) != NTLS)
		rc = -1;
	for (int i = 0; i < NTLS; i++) {
		start += tls_start_ok[i];
		end += tls_end_ok[i];
		if (tls_addr[i] == (uintptr_t)&tls_idx)
			distinct = 0;
		for (int j = 0; j < i; j++)
			if (tls_addr[i] == tls_addr[j])
				distinct = 0;
	}
	check(rc == 0 && start == NTLS,
	      "tls: threads start from the initial values, aligned (%d of %d)",
	      start, NTLS);
	check(end == NTLS,
	      "tls: threads read back their own values after yields (%d of %d)",
	      end, NTLS);
	check(distinct,
	      "tls: every thread's __thread variable has its own address");
	check(tls_init == 7 && tls_idx == -1,
	      "tls: main's copies are unchanged (%d, %d)", tls_init, tls_idx);
	pthread_barrier_destroy(&tls_bar);
}

/*
 * Thread ids: the main thread's tid is the pid; every other thread has its
 * own tid (all alive at once, held at a barrier, so a tid cannot have been
 * reused) and shares the pid; pthread_self is distinct per thread and is
 * what pthread_create returned.
 */
#define NTID 8

static pthread_barrier_t tid_bar;
static long tid_of[NTID], pid_of[NTID];
static pthread_t self_of[NTID];

static void *tid_thread(void *arg)
{
	int i = (int)(intptr_t)arg;

	tid_of[i] = gettid_();
	pid_of[i] = getpid();
	self_of[i] = pthread_self();
	pthread_barrier_wait(&tid_bar);
	return NULL;
}

static void test_tids(void)
{
	pthread_t t[NTID], me = pthread_self();
	long main_tid = gettid_();
	int rc = pthread_barrier_init(&tid_bar, NULL, NTID + 1), distinct = 1,
	    pids = 0, selves = 1;

	check(main_tid == getpid(),
	      "tid: gettid() in the main thread is getpid() (%ld, %ld)",
	      main_tid, (long)getpid());
	/* Too few threads would wait at the barrier for ever: leave them. */
	if (rc || spawn(t, NTID, tid_thread) < NTID) {
		check(0, "tid: could not set up %d threads", NTID);
		return;
	}
	pthread_barrier_wait(&tid_bar);
	if (join_all(t, NTID) != NTID)
		rc = -1;
	for (int i = 0; i < NTID; i++) {
		if (tid_of[i] <= 0 || tid_of[i] == main_tid)
			distinct = 0;
		for (int j = 0; j < i; j++) {
			if (tid_of[i] == tid_of[j])
				distinct = 0;
			if (pthread_equal(self_of[i], self_of[j]))
				selves = 0;
		}
		if (pthread_equal(self_of[i], me) ||
		    !pthread_equal(self_of[i], t[i]))
			selves = 0;
		pids += pid_of[i] == getpid();
	}
	check(rc == 0 && distinct,
	      "tid: %d live threads have distinct tids, not main's", NTID);
	check(pids == NTID,
	      "tid: getpid() is the same in every thread (%d of %d)", pids,
	      NTID);
	check(selves,
	      "tid: pthread_self is per thread, as pthread_create said");
	pthread_barrier_destroy(&tid_bar);
}

/*
 * pthread_kill(pthread_self(), SIGUSR1) in a non-main thread: the handler
 * has run, in that thread, by the time pthread_kill returns.
 */
static volatile long sig_tid;
static volatile int sig_count;
static long kill_tid;
static int kill_rc = -1, kill_count_after = -1;

static void on_usr1(int sig)
{
	(void)sig;
	sig_tid = gettid_();
	sig_count++;
}

static void *kill_thread(void *arg)
{
	(void)arg;
	kill_tid = gettid_();
	kill_rc = pthread_kill(pthread_self(), SIGUSR1);
	kill_count_after = sig_count;
	return NULL;
}

static void test_pthread_kill(void)
{
	struct sigaction sa, old;
	pthread_t t;
	int rc;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, &old);
	rc = pthread_create(&t, NULL, kill_thread, NULL);
	if (rc == 0)
		rc = pthread_join(t, NULL);
	sigaction(SIGUSR1, &old, NULL);
	check(rc == 0 && kill_rc == 0,
	      "kill: pthread_kill(self, SIGUSR1) in a thread returns 0 (%d)",
	      kill_rc);
	check(kill_count_after == 1,
	      "kill: the handler ran once before pthread_kill returned (%d)",
	      kill_count_after);
	check(kill_tid > 0 && sig_tid == kill_tid && sig_tid != gettid_(),
	      "kill: the handler ran in that thread (tid %ld, thread %ld)",
	      (long)sig_tid, kill_tid);
}

/*
 * nanosleep in a thread is never early, and under KVM it is over within
 * 50 ms (no upper bound under emulation, whose timing is anything).
 */
static int sleep_rc = -1;
static uint64_t slept_ns;

static void *sleep_thread(void *arg)
{
	struct timespec ts = {0, 10000000};
	uint64_t t0 = mono_ns();

	(void)arg;
	sleep_rc = nanosleep(&ts, NULL);
	slept_ns = mono_ns() - t0;
	return NULL;
}

static void test_sleep(void)
{
	pthread_t t;
	int rc = pthread_create(&t, NULL, sleep_thread, NULL);

	if (rc == 0)
		rc = pthread_join(t, NULL);
	check(rc == 0 && sleep_rc == 0 && slept_ns >= 10000000,
	      "sleep: nanosleep(10 ms) in a thread lasts >= 10 ms (%lu us)",
	      (unsigned long)(slept_ns / 1000));
	if (under_kvm())
		check(slept_ns < 50000000, "sleep: under KVM it lasts < 50 ms (%lu us)",
		      (unsigned long)(slept_ns / 1000));
}

/*
 * sched_yield: two threads, released together by a barrier, append to one
 * log and yield after each entry. Both must make progress while the other
 * is still running: the logs interleave (no particular order is asserted).
 */
#define NLOG 1000

static pthread_barrier_t ybar;
static char ylog[2 * NLOG];
static int ylen;

static void *yield_thread(void *arg)
{
	char id = (char)(intptr_t)arg;

	pthread_barrier_wait(&ybar);
	for (int i = 0; i < NLOG; i++) {
		ylog[__atomic_fetch_add(&ylen, 1, __ATOMIC_SEQ_CST)] = id;
		sched_yield();
	}
	return NULL;
}

static void test_yield(void)
{
	pthread_t a, b;
	int rc = pthread_barrier_init(&ybar, NULL, 2), na = 0, nb = 0;
	int first_a = -1, last_a = -1, first_b = -1, last_b = -1;

	/* Alone at the barrier, A would wait for ever: leave it. */
	if (rc ||
	    pthread_create(&a, NULL, yield_thread, (void *)(intptr_t)'A') ||
	    pthread_create(&b, NULL, yield_thread, (void *)(intptr_t)'B')) {
		check(0, "yield: could not set up two threads");
		return;
	}
	rc |= pthread_join(a, NULL);
	rc |= pthread_join(b, NULL);
	for (int i = 0; i < ylen && i < 2 * NLOG; i++) {
		if (ylog[i] == 'A') {
			na++;
			last_a = i;
			if (first_a < 0)
				first_a = i;
		} else if (ylog[i] == 'B') {
			nb++;
			last_b = i;
			if (first_b < 0)
				first_b = i;
		}
	}
	check(rc == 0 && na == NLOG && nb == NLOG,
	      "yield: both threads logged %d entries (%d, %d)", NLOG, na, nb);
	/*
	 * On one CPU, sched_yield hands the CPU to the other thread, so
	 * their entries interleave. With several CPUs each runs on its own
	 * and yielding has nobody to hand over to: one may finish before
	 * the other has started, as on Linux.
	 */
	if (sysconf(_SC_NPROCESSORS_ONLN) == 1)
		check(first_b < last_a && first_a < last_b,
		      "yield: both progressed while the other ran (A %d-%d, B %d-%d)",
		      first_a, last_a, first_b, last_b);
	else
		check(first_a >= 0 && first_b >= 0,
		      "yield: %ld CPUs, both ran (A %d-%d, B %d-%d)",
		      sysconf(_SC_NPROCESSORS_ONLN), first_a, last_a, first_b,
		      last_b);
	pthread_barrier_destroy(&ybar);
}

/*
 * Custom stacks: the smallest size musl accepts (PTHREAD_STACK_MIN; musl
 * adds its TLS and a guard), and a caller-supplied buffer, which the
 * thread's locals must live in.
 */
static char user_stack[64 * 1024] __attribute__((aligned(16)));
static uintptr_t user_local;

static void *tiny_thread(void *arg)
{
	*(int *)arg = 1234;
	return arg;
}

static void *user_stack_thread(void *arg)
{
	volatile char local = 1;

	user_local = (uintptr_t)&local;
	return arg;
}

static void test_stacks(void)
{
	pthread_attr_t attr;
	pthread_t t;
	void *v = NULL;
	int out = 0, rc;

	pthread_attr_init(&attr);
	rc = pthread_attr_setstacksize(&attr, PTHREAD_STACK_MIN);
	if (rc == 0)
		rc = pthread_create(&t, &attr, tiny_thread, &out);
	if (rc == 0)
		rc = pthread_join(t, &v);
	pthread_attr_destroy(&attr);
	check(rc == 0 && out == 1234 && v == &out,
	      "stack: a thread on a PTHREAD_STACK_MIN (%d) stack runs (rc %d)",
	      (int)PTHREAD_STACK_MIN, rc);

	pthread_attr_init(&attr);
	v = NULL;
	rc = pthread_attr_setstack(&attr, user_stack, sizeof(user_stack));
	if (rc == 0)
		rc = pthread_create(&t, &attr, user_stack_thread,
				    (void *)(intptr_t)77);
	if (rc == 0)
		rc = pthread_join(t, &v);
	pthread_attr_destroy(&attr);
	check(rc == 0 && v == (void *)(intptr_t)77 &&
		  user_local >= (uintptr_t)user_stack &&
		  user_local < (uintptr_t)user_stack + sizeof(user_stack),
	      "stack: a thread runs on its pthread_attr_setstack buffer (%d)",
	      rc);
}

/* errno is per thread: it starts at 0 in a new thread and main's stays. */
static int errno_start = -1, errno_after = -1;
static uintptr_t errno_addr;

static void *errno_thread(void *arg)
{
	(void)arg;
	errno_start = errno;
	errno = EDOM;
	close(-1); /* EBADF */
	errno_after = errno;
	errno_addr = (uintptr_t)&errno;
	return NULL;
}

static void test_errno(void)
{
	pthread_t t;
	int rc = pthread_create(&t, NULL, errno_thread, NULL), mine;

	errno = ERANGE;
	if (rc == 0)
		rc = pthread_join(t, NULL);
	mine = errno;
	check(rc == 0 && errno_start == 0 && errno_after == EBADF,
	      "errno: a thread's starts at 0, follows its calls (%d, %d)",
	      errno_start, errno_after);
	check(rc == 0 && mine == ERANGE && errno_addr &&
		  errno_addr != (uintptr_t)&errno,
	      "errno: main's errno is its own (%d)", mine);
}

int main(void)
{
	test_mutex_counter();
	test_join_values();
	test_cond_queue();
	test_rwlock();
	test_barrier();
	test_once();
	test_tsd();
	test_detached();
	test_tls();
	test_tids();
	test_pthread_kill();
	test_sleep();
	test_yield();
	test_stacks();
	test_errno();
	return tap_done();
}

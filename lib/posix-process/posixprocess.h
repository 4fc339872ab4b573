/*
 * lib/posix-process/posixprocess.h - posix-process's internal interfaces,
 * grouped by the file that implements them.
 *
 * The library gives the application the process it expects to be on Linux:
 * one process (pid 1, parent 0) with its threads (the scheduler's; the
 * main thread's id is 1) on one CPU, run by root, in "/". Its public face is the system call table; see each file's
 * top comment for the calls it owns.
 */
#ifndef POSIXPROCESS_H
#define POSIXPROCESS_H

#include <stddef.h>
#include <stdint.h>
#include <uk/random.h>

/*
 * Our process id (and thread-group id): the only process there is. Its
 * main thread's id equals it, as on Linux; the scheduler's thread ids
 * (main is 1) are the thread ids the application sees.
 */
#define UK_PROC_PID 1

/* ids.c */

/* The running thread's id (gettid), and whether 'tid' names a living thread. */
int uk_proc_tid(void);
int uk_proc_tid_exists(int tid);
/* The running thread's signal state (mask, pending, alternate stack). */
struct uk_thread_sig *uk_proc_sig_thread(void);

/* Signals 1..64, as in the kernel's 64-bit sigset_t. */
#define UK_NSIG 64
#define UK_SIGBIT(sig) (1ULL << ((sig) - 1))

/*
 * The kernel's struct sigaction for rt_sigaction on x86_64 and arm64 (not
 * musl's struct sigaction, which has a 128-byte sa_mask): handler, flags,
 * restorer, then a 64-bit mask.
 */
struct uk_ksigaction {
	void (*handler)(int);
	unsigned long flags;
	void (*restorer)(void);
	uint64_t mask;
};
_Static_assert(sizeof(struct uk_ksigaction) == 32, "kernel sigaction ABI");
_Static_assert(__builtin_offsetof(struct uk_ksigaction, mask) == 24,
	       "kernel sigaction ABI");

/* chacha20.c */

/*
 * The ChaCha20 block function (RFC 8439, section 2.3): 64 bytes of key
 * stream for a 256-bit key, a 32-bit block counter and a 96-bit nonce, all
 * as little-endian words.
 */
void uk_proc_chacha20_block(const uint32_t key[8], uint32_t counter,
			    const uint32_t nonce[3], uint8_t out[64]);

/* random.c: uk_random_fill, public in <uk/random.h> (devfs uses it too). */

/* signal.c */

/*
 * Generate signal 'sig' (1..64) for the process with si_code 'code'
 * (SI_USER, SI_TKILL): a blocked signal becomes pending; otherwise it is
 * delivered at once, on the caller's stack (see signal.c). May not return
 * (default action "terminate").
 */
void uk_proc_sig_generate(int sig, int code);
/* The same for a signal aimed at thread t (tkill/tgkill; see signal.c). */
struct uk_thread;
void uk_proc_sig_generate_thread(struct uk_thread *t, int sig, int code);

/*
 * Deliver the running thread's pending signals that its mask no longer
 * blocks (a temporary mask of pselect6, ppoll or epoll_pwait may unblock
 * them); returns how many were delivered, so the call can fail with EINTR.
 */
int uk_proc_sig_deliver_unblocked(void);

/* sigdefault.c */

enum uk_sig_default { UK_SIGDFL_TERM, UK_SIGDFL_IGN, UK_SIGDFL_STOP };

/* The default action of signal 'sig' (1..64), as signal(7) lists it. */
enum uk_sig_default uk_proc_sig_default(int sig);

/*
 * The name of signal 'sig' (1..64): "SIGABRT" for 6, and for the real-time
 * signals, whose names differ between C libraries, "SIG<n>" formatted into
 * 'buf'.
 */
const char *uk_proc_sig_name(int sig, char *buf, size_t size);

/*
 * The default action "terminate" (with or without core): print
 * "uk: application terminated by signal SIG..." and exit with status
 * 128 + sig, as a shell reports a process killed by a signal.
 */
void uk_proc_sig_terminate(int sig) __attribute__((noreturn));

#endif /* POSIXPROCESS_H */

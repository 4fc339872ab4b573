/*
 * lib/lwip/exit.c - the network stack's part in the application's end
 * (uk_exit_app, uk/exit.h).
 *
 * Linux's exit closes the process's sockets and its kernel goes on
 * sending what they hold; here the machine powers off. So, first, every
 * socket still open is closed as Linux's exit would (a FIN after the data
 * it holds; a reset when received data was left unread), then the machine
 * stays up until TCP has had everything sent acknowledged (the FIN too)
 * and the devices have taken every frame, for at most EXIT_WAIT_NS. A
 * peer then gets all that was written and the end of the stream instead
 * of a connection that stops mid-way. The wait is bounded because a peer
 * that does not read would hold the machine up for good; when it runs
 * out, one line says how many connections lost data. At log level info
 * the interfaces' queue counters are printed first (uk.loglevel=info).
 */
#include <uk/exit.h>
#include <uk/plat.h>
#include <uk/print.h>
#include <uk/sched.h>
#include "lwip/priv/tcp_priv.h"
#include "lwip/tcpip.h"
#include "lwip.h"

#define EXIT_WAIT_NS 3000000000ULL
#define EXIT_POLL_NS 5000000ULL

/* TCP connections that still have data (or a FIN) not acknowledged. */
static unsigned int tcp_sending(void)
{
	unsigned int n = 0;

	for (struct tcp_pcb *p = tcp_active_pcbs; p; p = p->next) {
		switch (p->state) {
		case FIN_WAIT_1:
		case CLOSING:
		case LAST_ACK:
			n++; /* our FIN is not acknowledged yet */
			break;
		case FIN_WAIT_2:
		case TIME_WAIT:
			break; /* all of ours was acknowledged */
		default:
			n += p->unsent || p->unacked;
			break;
		}
	}
	return n;
}

static void lwip_at_exit(void)
{
	uint64_t until = ukplat_monotonic_ns() + EXIT_WAIT_NS;
	unsigned int tcp, frames;

	/* Keep lwIP's timers running: retransmissions may be needed. */
	uk_lwip_busy(1);
	uk_lwip_netif_report();
	uk_lwip_sock_close_all();
	for (;;) {
		LOCK_TCPIP_CORE();
		tcp = tcp_sending();
		frames = uk_lwip_netif_tx_out();
		UNLOCK_TCPIP_CORE();
		uk_lwip_loif_run();
		if ((!tcp && !frames) || ukplat_monotonic_ns() >= until)
			break;
		uk_sched_sleep_until(ukplat_monotonic_ns() + EXIT_POLL_NS);
	}
	if (tcp)
		uk_pr_warn("net: exit: %u TCP connection(s) still had data "
			   "unacknowledged after %llu s: lost",
			   tcp, (unsigned long long)(EXIT_WAIT_NS / 1000000000ULL));
}

static struct uk_exit_hook exit_hook = { .fn = lwip_at_exit };

void uk_lwip_exit_hook_add(void)
{
	uk_exit_hook_add(&exit_hook);
}

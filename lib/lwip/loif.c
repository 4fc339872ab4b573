/*
 * lib/lwip/loif.c - libuk's loopback interface "lo" (127.0.0.1/8, ::1).
 *
 * lwIP's own loopback interface hands every queued packet to the stack in
 * one loop that also takes the packets sent meanwhile. Two TCP ends with
 * zero receive windows answer each other's bare ACKs with ACKs (lwIP
 * 2.1 treats a zero-length segment at the edge of a zero window as out of
 * window), so that loop never ends and, holding lwIP's core lock, keeps
 * the applications from reading the data that would open the windows.
 * This interface instead takes one batch per tcpip message: what was
 * queued when the message started. Packets sent meanwhile wait for the
 * next message, and between messages the tcpip thread lets the other
 * threads run (sys_arch.c).
 *
 * Like Linux, which delivers loopback packets before the sending system
 * call returns, socket calls also run the waiting batches themselves
 * (uk_lwip_loif_run): a connect that returns has the listener's accept
 * queue filled, a datagram sent is in its receiver's queue, even while
 * the application keeps the CPU (the scheduler is cooperative).
 */
#include "lwip/ip.h"
#include "lwip/netif.h"
#include "lwip/pbuf.h"
#include "lwip/tcpip.h"
#include "lwip.h"

static struct netif lo;
/* Packets waiting, linked through their (single-pbuf) next pointers. */
static struct pbuf *head, *tail;
/* A tcpip message for them is pending (at most one is). */
static int posted;

static void lo_poll(void *arg)
{
	struct pbuf *p;
	SYS_ARCH_DECL_PROTECT(lev);

	SYS_ARCH_PROTECT(lev);
	if (arg)
		posted = 0; /* this is the message */
	p = head;
	head = tail = NULL;
	SYS_ARCH_UNPROTECT(lev);
	while (p) {
		struct pbuf *next = p->next;

		p->next = NULL;
		if (lo.input(p, &lo) != ERR_OK)
			pbuf_free(p);
		p = next;
	}
}

void uk_lwip_loif_run(void)
{
	/* Batches, not "until empty": two zero windows answer each other. */
	for (int i = 0; i < 8 && head; i++) {
		LOCK_TCPIP_CORE();
		lo_poll(NULL);
		UNLOCK_TCPIP_CORE();
	}
}

static err_t lo_queue(struct netif *netif, struct pbuf *p)
{
	struct pbuf *q = pbuf_clone(PBUF_LINK, PBUF_RAM, p);
	int post;
	SYS_ARCH_DECL_PROTECT(lev);

	(void)netif;
	if (!q)
		return ERR_MEM;
	SYS_ARCH_PROTECT(lev);
	if (tail)
		tail->next = q;
	else
		head = q;
	tail = q;
	post = !posted;
	posted = 1;
	SYS_ARCH_UNPROTECT(lev);
	/*
	 * The packet is queued either way: without a message (tcpip's
	 * mailbox full) the next packet or socket call delivers it.
	 */
	if (post && tcpip_try_callback(lo_poll, &lo) != ERR_OK)
		posted = 0;
	return ERR_OK;
}

static err_t lo_output4(struct netif *netif, struct pbuf *p,
			const ip4_addr_t *addr)
{
	(void)addr;
	return lo_queue(netif, p);
}

static err_t lo_output6(struct netif *netif, struct pbuf *p,
			const ip6_addr_t *addr)
{
	(void)addr;
	return lo_queue(netif, p);
}

static err_t lo_init(struct netif *netif)
{
	netif->name[0] = 'l';
	netif->name[1] = 'o';
	netif->output = lo_output4;
	netif->output_ip6 = lo_output6;
	netif->mtu = 65535;
	NETIF_SET_CHECKSUM_CTRL(netif, NETIF_CHECKSUM_DISABLE_ALL);
	return ERR_OK;
}

/* Called with lwIP's core lock held. */
int uk_lwip_loif_add(void)
{
	ip4_addr_t addr, mask, gw;

	IP4_ADDR(&addr, 127, 0, 0, 1);
	IP4_ADDR(&mask, 255, 0, 0, 0);
	IP4_ADDR(&gw, 0, 0, 0, 0);
	if (!netif_add(&lo, &addr, &mask, &gw, NULL, lo_init, ip_input))
		return -1;
	ip_addr_set_zero_ip6(&lo.ip6_addr[0]);
	IP_ADDR6_HOST(&lo.ip6_addr[0], 0, 0, 0, 1);
	netif_ip6_addr_set_state(&lo, 0, IP6_ADDR_VALID);
	netif_set_link_up(&lo);
	netif_set_up(&lo);
	return 0;
}

/*
 * lib/lwip/netcfg.c - bringing the network up at boot: the uk.net.*
 * options, the interfaces' addresses (static, or DHCP by default), and
 * the resolver's /etc/resolv.conf and /etc/hosts.
 *
 *   uk.net.ip=A.B.C.D/N    static IPv4 address and prefix (turns DHCP off)
 *   uk.net.gw=A.B.C.D      IPv4 default gateway
 *   uk.net.dns=ADDR[,ADDR] name servers, IPv4 or IPv6 (override DHCP's)
 *   uk.net.ip6=ADDR[/N]    static IPv6 address, besides the link-local one
 *                          and those router advertisements configure
 *   uk.net.dhcp=0|1        DHCP for IPv4 (default: on without uk.net.ip)
 *   uk.net.wait_ms=N       how long the boot waits for a lease (5000)
 *   uk.net=0               leave the network devices alone (an application
 *                          that drives them itself through uk/netdev.h)
 *
 * The options configure the first interface, en0. Nothing happens on a
 * machine without a network device: the stack then starts with the first
 * socket (boot.c), for the loopback interface only.
 *
 * The boot waits for DHCP because programs expect a configured network
 * when main starts (a client connects at once); when no lease comes in
 * time the boot goes on with a warning and DHCP keeps trying.
 */
#include <errno.h>
#include <stdbool.h>
#include <uk/init.h>
#include <uk/netdev.h>
#include <uk/param.h>
#include <uk/plat.h>
#include <uk/print.h>
#include <uk/sched.h>
#include <uk/vfs.h>
#include <ukbase/format.h>
#include <ukbase/string.h>
#include "lwip/dhcp.h"
#include "lwip/dns.h"
#include "lwip/ip_addr.h"
#include "lwip/netif.h"
#include "lwip/tcpip.h"
#include "lwip.h"

static struct {
	bool ip4, gw4, ip6;
	ip4_addr_t addr4, mask4, router4;
	ip6_addr_t addr6;
	ip_addr_t dns[DNS_MAX_SERVERS];
	unsigned int ndns;
} cfg;
static _Bool dhcp_opt = 1;
static _Bool dhcp_given;
static uint64_t wait_ms = 5000;
static _Bool net_on = 1;

/* Copy the text up to 'stop' (or the end) into buf; false if it is long. */
static bool take(const char *s, char stop, char *buf, size_t size,
		 const char **rest)
{
	size_t n = 0;

	while (s[n] && s[n] != stop)
		n++;
	if (n == 0 || n >= size)
		return false;
	uk_memcpy(buf, s, n);
	buf[n] = '\0';
	*rest = s + n;
	return true;
}

/* "N" within [0, max]: decimal digits only. */
static bool prefix_len(const char *s, unsigned int max, unsigned int *out)
{
	unsigned int v = 0;

	if (!*s)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || (v = v * 10 + (unsigned int)(*s - '0')) > max)
			return false;
	}
	*out = v;
	return true;
}

static int set_ip4(const struct uk_param *p, const char *v)
{
	char a[16];
	unsigned int len;

	(void)p;
	if (!take(v, '/', a, sizeof(a), &v) || *v != '/' ||
	    !prefix_len(v + 1, 32, &len) || !ip4addr_aton(a, &cfg.addr4))
		return -EINVAL;
	ip4_addr_set_u32(&cfg.mask4, len ? lwip_htonl(~0u << (32 - len)) : 0);
	cfg.ip4 = true;
	return 0;
}

static int set_gw4(const struct uk_param *p, const char *v)
{
	(void)p;
	if (!ip4addr_aton(v, &cfg.router4))
		return -EINVAL;
	cfg.gw4 = true;
	return 0;
}

static int set_ip6(const struct uk_param *p, const char *v)
{
	char a[48];
	unsigned int len;

	(void)p;
	if (!take(v, '/', a, sizeof(a), &v) || !ip6addr_aton(a, &cfg.addr6))
		return -EINVAL;
	/* lwIP keeps no prefix per address: on-link comes from the router. */
	if (*v == '/' && !prefix_len(v + 1, 128, &len))
		return -EINVAL;
	cfg.ip6 = true;
	return 0;
}

static int set_dns(const struct uk_param *p, const char *v)
{
	char a[48];

	(void)p;
	cfg.ndns = 0;
	for (;;) {
		if (cfg.ndns == DNS_MAX_SERVERS || !take(v, ',', a, sizeof(a), &v) ||
		    !ipaddr_aton(a, &cfg.dns[cfg.ndns]))
			return -EINVAL;
		cfg.ndns++;
		if (!*v)
			return 0;
		v++;
	}
}

static int set_dhcp(const struct uk_param *p, const char *v)
{
	dhcp_given = 1;
	return uk_param_set_bool(p, v);
}

UK_PARAM_DEFINE_(net_ip, "uk.net.ip", set_ip4, NULL,
		 "an IPv4 address with a prefix length, e.g. 10.0.2.15/24", 0);
UK_PARAM_DEFINE_(net_gw, "uk.net.gw", set_gw4, NULL,
		 "an IPv4 address, e.g. 10.0.2.2", 0);
UK_PARAM_DEFINE_(net_ip6, "uk.net.ip6", set_ip6, NULL,
		 "an IPv6 address, optionally with a prefix length", 0);
UK_PARAM_DEFINE_(net_dns, "uk.net.dns", set_dns, NULL,
		 "one or two IPv4/IPv6 addresses separated by a comma", 0);
UK_PARAM_DEFINE_(net_dhcp, "uk.net.dhcp", set_dhcp, &dhcp_opt,
		 "a boolean", 0);
UK_PARAM_U64(net_wait, "uk.net.wait_ms", &wait_ms);
UK_PARAM_BOOL(net_on, "uk.net", &net_on);

/* Core lock held: addresses and routes of en0 from the options. */
static void configure_static(struct netif *nif)
{
	s8_t idx;

	if (cfg.ip4)
		netif_set_addr(nif, &cfg.addr4, &cfg.mask4,
			       cfg.gw4 ? &cfg.router4 : IP4_ADDR_ANY4);
	else if (cfg.gw4)
		netif_set_gw(nif, &cfg.router4);
	if (cfg.ip6 && netif_add_ip6_address(nif, &cfg.addr6, &idx) == ERR_OK)
		/* Given by the administrator: used at once, no DAD. */
		netif_ip6_addr_set_state(nif, idx, IP6_ADDR_PREFERRED);
	for (unsigned int i = 0; i < cfg.ndns; i++)
		dns_setserver((u8_t)i, &cfg.dns[i]);
}

static bool lease_taken(struct netif *nif)
{
	bool got;

	LOCK_TCPIP_CORE();
	got = dhcp_supplied_address(nif);
	UNLOCK_TCPIP_CORE();
	return got;
}

/* The resolver's files, unless the initrd brought its own. */
static void write_etc(void)
{
	static const char hosts[] = "127.0.0.1\tlocalhost\n::1\tlocalhost\n";
	char conf[DNS_MAX_SERVERS * 64];
	size_t len = 0;
	int rc;

	LOCK_TCPIP_CORE();
	for (u8_t i = 0; i < DNS_MAX_SERVERS; i++) {
		const ip_addr_t *a = dns_getserver(i);
		char ab[IPADDR_STRLEN_MAX];

		if (ip_addr_isany(a))
			continue;
		ipaddr_ntoa_r(a, ab, sizeof(ab));
		len += (size_t)uk_snprintf(conf + len, sizeof(conf) - len,
					   "nameserver %s\n", ab);
	}
	UNLOCK_TCPIP_CORE();
	rc = uk_vfs_kmkdir("/etc", 0755);
	if (rc < 0 && rc != -EEXIST)
		return;
	if (len && (rc = uk_vfs_kcreate("/etc/resolv.conf", 0644, conf, len)) < 0)
		uk_pr_warn("net: cannot write /etc/resolv.conf (error %d)", -rc);
	uk_vfs_kcreate("/etc/hosts", 0644, hosts, sizeof(hosts) - 1);
}

static void report(struct netif *nif, const char *dev, bool dhcp)
{
	char a[IP4ADDR_STRLEN_MAX], g[IP4ADDR_STRLEN_MAX];
	unsigned int len = 0;
	uint32_t m;

	LOCK_TCPIP_CORE();
	m = lwip_ntohl(ip4_addr_get_u32(netif_ip4_netmask(nif)));
	ip4addr_ntoa_r(netif_ip4_addr(nif), a, sizeof(a));
	ip4addr_ntoa_r(netif_ip4_gw(nif), g, sizeof(g));
	UNLOCK_TCPIP_CORE();
	while (m & 0x80000000u) {
		len++;
		m <<= 1;
	}
	uk_pr_info("net: en0 (%s) %02x:%02x:%02x:%02x:%02x:%02x %s/%u gw %s%s",
		   dev, nif->hwaddr[0], nif->hwaddr[1], nif->hwaddr[2],
		   nif->hwaddr[3], nif->hwaddr[4], nif->hwaddr[5], a, len, g,
		   dhcp ? " (DHCP)" : "");
}

static int uk_lwip_net_init(void)
{
	bool dhcp = dhcp_given ? dhcp_opt : !cfg.ip4;
	struct netif *nif;
	uint64_t deadline;

	if (!net_on || !ukplat_netdev_count())
		return 0;
	if (uk_lwip_start() < 0) {
		uk_pr_err("net: cannot start lwIP: out of memory");
		return 0;
	}
	LOCK_TCPIP_CORE();
	if (!uk_lwip_netif_add_all()) {
		UNLOCK_TCPIP_CORE();
		return 0;
	}
	nif = uk_lwip_netif(0);
	netif_set_default(nif);
	netif_set_up(nif);
	netif_create_ip6_linklocal_address(nif, 1);
	netif_set_ip6_autoconfig_enabled(nif, 1);
	configure_static(nif);
	if (dhcp)
		dhcp_start(nif);
	UNLOCK_TCPIP_CORE();
	uk_lwip_busy(1); /* the stack's timers run from now on */
	deadline = ukplat_monotonic_ns() + wait_ms * 1000000ull;
	while (dhcp && !lease_taken(nif) && ukplat_monotonic_ns() < deadline)
		uk_sched_sleep_until(ukplat_monotonic_ns() + 5000000ull);
	if (dhcp && !lease_taken(nif))
		uk_pr_warn("net: en0: no DHCP lease after %lu ms; DHCP keeps trying",
			   (unsigned long)wait_ms);
	/* Static servers win over DHCP's. */
	LOCK_TCPIP_CORE();
	for (unsigned int i = 0; i < cfg.ndns; i++)
		dns_setserver((u8_t)i, &cfg.dns[i]);
	UNLOCK_TCPIP_CORE();
	report(nif, uk_lwip_netif_devname(0), dhcp);
	write_etc();
	return 0;
}
UK_INIT(uk_lwip_net_init, UK_INIT_CLASS_NET);

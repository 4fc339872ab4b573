/*
 * lib/lwip/port/uk_lwip_inet.h - LWIP_SOCKET_EXTERNAL_HEADER_INET_H (see
 * uk_lwip_sockets.h): musl's in_addr/in6_addr for lwIP, and the
 * conversions between them and lwIP's addresses that lwIP's own inet.h
 * would define.
 */
#ifndef UK_LWIP_INET_H
#define UK_LWIP_INET_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include "lwip/def.h"
#include "lwip/ip_addr.h"
#include "lwip/ip6_addr.h"

#define inet_addr_from_ip4addr(in, ip) ((in)->s_addr = ip4_addr_get_u32(ip))
#define inet_addr_to_ip4addr(ip, in)   ip4_addr_set_u32(ip, (in)->s_addr)

#define UK_IN6_U32(in6) ((in6)->__in6_union.__s6_addr32)
#define inet6_addr_from_ip6addr(in6, ip6)                                    \
	do {                                                                 \
		UK_IN6_U32(in6)[0] = (ip6)->addr[0];                         \
		UK_IN6_U32(in6)[1] = (ip6)->addr[1];                         \
		UK_IN6_U32(in6)[2] = (ip6)->addr[2];                         \
		UK_IN6_U32(in6)[3] = (ip6)->addr[3];                         \
	} while (0)
#define inet6_addr_to_ip6addr(ip6, in6)                                      \
	do {                                                                 \
		(ip6)->addr[0] = UK_IN6_U32(in6)[0];                         \
		(ip6)->addr[1] = UK_IN6_U32(in6)[1];                         \
		(ip6)->addr[2] = UK_IN6_U32(in6)[2];                         \
		(ip6)->addr[3] = UK_IN6_U32(in6)[3];                         \
		ip6_addr_clear_zone(ip6);                                    \
	} while (0)

#endif /* UK_LWIP_INET_H */

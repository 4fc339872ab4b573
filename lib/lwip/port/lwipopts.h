/*
 * lib/lwip/port/lwipopts.h - libuk's lwIP configuration.
 *
 * lwIP runs threaded (NO_SYS 0) with its core lock (LWIP_TCPIP_CORE_LOCKING):
 * socket calls run lwIP in the caller's thread under one mutex instead of
 * passing messages to the tcpip thread, which keeps the timers and the
 * interfaces' input. Memory (heap and pools) comes from the kernel
 * allocator, so the pools grow with the memory the VM has instead of being
 * sized at build time. Sockets are lwIP's own (sockets.c) over musl's
 * socket definitions; posix-socket owns the descriptors (lib/lwip/sock.c).
 */
#ifndef UK_LWIP_LWIPOPTS_H
#define UK_LWIP_LWIPOPTS_H

#include <stddef.h>

/* Threads, locking. */
#define NO_SYS                          0
#define SYS_LIGHTWEIGHT_PROT            1
#define LWIP_TCPIP_CORE_LOCKING         1
#define LWIP_TCPIP_CORE_LOCKING_INPUT   0
#define TCPIP_THREAD_NAME               "lwip"
#define TCPIP_THREAD_STACKSIZE          (64 * 1024)
#define TCPIP_THREAD_PRIO               0
#define TCPIP_MBOX_SIZE                 512
#define DEFAULT_THREAD_STACKSIZE        (64 * 1024)
#define DEFAULT_TCP_RECVMBOX_SIZE       512
#define DEFAULT_UDP_RECVMBOX_SIZE       512
#define DEFAULT_RAW_RECVMBOX_SIZE       64
#define DEFAULT_ACCEPTMBOX_SIZE         1024 /* = the largest listen backlog */
#define LWIP_TCPIP_TIMEOUT              0
/* Segments batched for transmit segmentation offload go to the device
 * when the core lock is let go (lib/lwip/netif_tso.c). */
extern unsigned int uk_lwip_tx_pending;
void uk_lwip_tx_flush(void);
#define LOCK_TCPIP_CORE()   sys_mutex_lock(&lock_tcpip_core)
#define UNLOCK_TCPIP_CORE()                                             \
	do {                                                            \
		if (uk_lwip_tx_pending)                                 \
			uk_lwip_tx_flush();                             \
		sys_mutex_unlock(&lock_tcpip_core);                     \
	} while (0)

/* Memory: everything from the kernel allocator (lib/lwip/sys_arch.c). */
void *uk_lwip_malloc(size_t size);
void *uk_lwip_calloc(size_t n, size_t size);
void uk_lwip_free(void *p);
#define MEM_LIBC_MALLOC                 1
#define MEMP_MEM_MALLOC                 1
#define mem_clib_malloc                 uk_lwip_malloc
#define mem_clib_calloc                 uk_lwip_calloc
#define mem_clib_free                   uk_lwip_free
#define MEM_ALIGNMENT                   8
/* Sockets: as many as the default RLIMIT_NOFILE allows, and some. */
#define MEMP_NUM_NETCONN                1040 /* also the number of sockets */
/* Multicast groups joined by sockets, all sockets together (lwIP sizes
 * two static arrays with it; its default, one per socket, costs 40 KiB). */
#define LWIP_SOCKET_MAX_MEMBERSHIPS     64
#define MEMP_NUM_TCP_PCB                1040
#define MEMP_NUM_TCP_PCB_LISTEN         64
#define MEMP_NUM_UDP_PCB                64
#define MEMP_NUM_NETBUF                 1024
#define MEMP_NUM_TCPIP_MSG_INPKT        1024
#define PBUF_POOL_SIZE                  1024

/* Protocols. */
#define LWIP_IPV4                       1
#define LWIP_IPV6                       1
#define LWIP_TCP                        1
#define LWIP_UDP                        1
#define LWIP_RAW                        0
#define LWIP_ICMP                       1
#define LWIP_ARP                        1
#define LWIP_ETHERNET                   1
#define LWIP_DHCP                       1
#define LWIP_AUTOIP                     0
#define LWIP_IGMP                       0
#define LWIP_DNS                        1
#define LWIP_IPV6_MLD                   1
#define LWIP_IPV6_AUTOCONFIG            1
#define LWIP_IPV6_DHCP6                 0
#define LWIP_IPV6_SEND_ROUTER_SOLICIT   1
/* The boot waits for DHCP: no extra second for an ARP probe of the offer. */
#define DHCP_DOES_ARP_CHECK             0
#define IP_REASSEMBLY                   1
#define IP_FRAG                         1
#define LWIP_IPV6_REASS                 1
#define LWIP_IPV6_FRAG                  1
#define IPV6_FRAG_COPYHEADER            1 /* 64-bit pointers */
#define SO_REUSE                        1

/* The loopback interface (127.0.0.1, ::1) is libuk's (lib/lwip/loif.c). */
#define LWIP_HAVE_LOOPIF                0
#define LWIP_NETIF_LOOPBACK             0
#define LWIP_CHECKSUM_CTRL_PER_NETIF    1

/*
 * TCP, sized for throughput. Window scaling is on so that the peer's
 * window may exceed 64 KiB and a 256 KiB send buffer can be kept in
 * flight; ours stays under 64 KiB (scale 0): the host merges received
 * segments up to our window, and a merged frame must fit lwIP's 16-bit
 * pbuf length. (The low-water mark must stay 4 MSS under 64 KiB.)
 */
#define TCP_MSS                         1460
#define TCP_WND                         (44 * TCP_MSS)
#define LWIP_WND_SCALE                  1
#define TCP_RCV_SCALE                   0
#define TCP_SND_BUF                     (176 * TCP_MSS)
#define TCP_SNDLOWAT                    (32 * TCP_MSS)
#define TCP_SND_QUEUELEN                (4 * TCP_SND_BUF / TCP_MSS)
#define MEMP_NUM_TCP_SEG                (4 * TCP_SND_QUEUELEN)
#define TCP_QUEUE_OOSEQ                 1
#define LWIP_TCP_KEEPALIVE              1
#define TCP_LISTEN_BACKLOG              1
/* Not while copying what is written: with checksum offload that sum was
 * wasted (a pass over every byte), without it lwIP sums at output. */
#define LWIP_CHECKSUM_ON_COPY           0

/* Sequential and socket APIs. */
#define LWIP_NETCONN                    1
#define LWIP_SOCKET                     1
#define LWIP_COMPAT_SOCKETS             0
#define LWIP_POSIX_SOCKETS_IO_NAMES     0
#define LWIP_SOCKET_EXTERNAL_HEADERS    1
#define LWIP_SOCKET_EXTERNAL_HEADER_SOCKETS_H "uk_lwip_sockets.h"
#define LWIP_SOCKET_EXTERNAL_HEADER_INET_H    "uk_lwip_inet.h"
#define LWIP_SOCKET_SELECT              0
#define LWIP_SOCKET_POLL                1
#define LWIP_SO_SNDTIMEO                1
#define LWIP_SO_RCVTIMEO                1
#define LWIP_SO_RCVBUF                  1
#define LWIP_SO_LINGER                  1
#define RECV_BUFSIZE_DEFAULT            (1024 * 1024)
#define LWIP_FIONREAD_LINUXMODE         1
#define LWIP_NETIF_API                  0
#define LWIP_STATS                      0

#endif /* UK_LWIP_LWIPOPTS_H */

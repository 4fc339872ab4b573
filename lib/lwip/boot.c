/*
 * lib/lwip/boot.c - starting lwIP: its core, the tcpip thread (timers,
 * interface input) and the loopback interface (127.0.0.1, ::1; loif.c).
 *
 * The stack starts with the first AF_INET/AF_INET6 socket, not at boot:
 * an application linked with -luk that never opens one gets no extra
 * thread (thread ids, the "all threads are blocked" diagnosis and small
 * memory sizes stay what they are without networking).
 */
#include <errno.h>
#include "lwip/tcpip.h"
#include "lwip.h"

bool uk_lwip_started;

int uk_lwip_start(void)
{
	int rc;

	if (uk_lwip_started)
		return 0;
	tcpip_init(NULL, NULL);
	LOCK_TCPIP_CORE();
	rc = uk_lwip_loif_add();
	UNLOCK_TCPIP_CORE();
	if (rc < 0)
		return -ENOMEM;
	uk_lwip_started = true;
	uk_lwip_exit_hook_add();
	return 0;
}

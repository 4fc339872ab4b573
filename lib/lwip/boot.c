/*
 * lib/lwip/boot.c - the boot step that starts lwIP: its core, the tcpip
 * thread (timers, interface input) and the loopback interface
 * (127.0.0.1, ::1; loif.c). It runs in the network class before posix-socket's
 * step (steps in a class run by name), which then runs the driver's init.
 */
#include <errno.h>
#include <uk/init.h>
#include "lwip/tcpip.h"
#include "lwip.h"

bool uk_lwip_started;

static int uk_lwip_boot(void)
{
	int rc;

	tcpip_init(NULL, NULL);
	LOCK_TCPIP_CORE();
	rc = uk_lwip_loif_add();
	UNLOCK_TCPIP_CORE();
	if (rc < 0)
		return -ENOMEM;
	uk_lwip_started = true;
	return 0;
}
UK_INIT(uk_lwip_boot, UK_INIT_CLASS_NET);

/*
 * lib/posix-socket/boot.c - the boot step that runs the socket drivers'
 * init over the .uk_socket_drivers section, after memory, threads and
 * file systems and before the application.
 */
#include <uk/init.h>
#include <uk/socket.h>

extern struct uk_socket_driver *const __uk_socket_drivers_start[];
extern struct uk_socket_driver *const __uk_socket_drivers_end[];

static int uk_socket_boot_init(void)
{
	/* A disabled driver says why on the console; the boot goes on. */
	uk_socket_registry_init(__uk_socket_drivers_start, __uk_socket_drivers_end);
	return 0;
}
UK_INIT(uk_socket_boot_init, UK_INIT_CLASS_NET);

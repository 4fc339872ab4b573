/*
 * lib/vfscore/boot.c - the file tree at boot: ramfs as "/", devfs on
 * /dev, and descriptors 0, 1 and 2 open on /dev/console, before any
 * library that fills the tree (initrd, /etc) and before main.
 */
#include <errno.h>
#include <fcntl.h>
#include <uk/init.h>
#include <uk/print.h>
#include <ukbase/string.h>
#include "vfs_impl.h"

extern const struct uk_vfs_device *const __uk_devices_start[], *const __uk_devices_end[];

/* Without devfs: the registered console device, opened without a name. */
static int console_without_devfs(struct uk_vfs_file **out)
{
	for (const struct uk_vfs_device *const *d = __uk_devices_start;
	     d < __uk_devices_end; d++) {
		struct uk_vfs_file *f;
		int rc;

		if (uk_strcmp((*d)->name, "console"))
			continue;
		f = uk_vfs_file_alloc((*d)->ops, NULL, O_RDWR);
		if (!f)
			return -ENOMEM;
		rc = (*d)->open ? (*d)->open(*d, f) : 0;
		if (rc < 0) {
			f->ops = NULL;
			uk_vfs_file_put(f);
			return rc;
		}
		*out = f;
		return 0;
	}
	return -ENODEV;
}

static int uk_vfs_boot_init(void)
{
	struct uk_vfs_file *f;
	int rc, fd;

	rc = uk_vfs_mount(NULL, "/", "ramfs", NULL);
	if (rc < 0) {
		uk_pr_crit("vfs: cannot mount the root file system (ramfs): error %d", -rc);
		return rc;
	}
	rc = uk_vfs_kmkdir("/dev", 0755);
	if (rc == 0)
		rc = uk_vfs_mount(NULL, "/dev", "devfs", NULL);
	if (rc == -ENODEV)
		uk_pr_warn("vfs: no devfs linked: /dev stays empty");
	else if (rc < 0)
		uk_pr_warn("vfs: cannot mount /dev: error %d", -rc);
	/* stdin, stdout, stderr: three descriptors of one open console. */
	rc = uk_vfs_kopen("/dev/console", O_RDWR, 0, &f);
	if (rc < 0)
		rc = console_without_devfs(&f);
	if (rc < 0) {
		uk_pr_warn("vfs: no console device (error %d): descriptors 0-2 stay closed", -rc);
		return 0;
	}
	for (int i = 0; i < 3; i++) {
		uk_vfs_file_get(f);
		fd = uk_vfs_fd_install(f, i, 0);
		if (fd != i) {
			uk_pr_crit("vfs: descriptor %d for the console: error %d", i, -fd);
			return fd < 0 ? fd : -EBUSY;
		}
	}
	uk_vfs_file_put(f);
	return 0;
}
UK_INIT(uk_vfs_boot_init, UK_INIT_CLASS_FS);

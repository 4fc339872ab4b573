/*
 * bench/net_linux_init.c - /init of the Linux guest that bench/net.sh
 * compares libuk with: a static musl program, PID 1 in an initramfs that
 * the script builds around a distribution kernel (Debian's
 * linux-image-amd64), booted on the same QEMU machine as the libuk guests.
 * It owns the guest's side of that comparison and nothing else:
 *
 *   - /proc, /sys and /dev (devtmpfs), and a console on /dev/console;
 *   - the kernel modules listed in /modules, one path a line, in the order
 *     given (dependencies first: the script reads modules.dep), each loaded
 *     with finit_module(2) and with the "MODULE.PARAM=VALUE" words of the
 *     kernel command line that name it as parameters, the way modprobe
 *     would. On QEMU's microvm with ACPI (ukrun's machine) virtio_mmio
 *     finds the transports in the ACPI tables; with acpi=off QEMU adds
 *     "virtio_mmio.device=SIZE@BASE:IRQ" words instead, which a modular
 *     virtio_mmio only sees this way (and only if built with
 *     CONFIG_VIRTIO_MMIO_CMDLINE_DEVICES, which Debian's is not);
 *   - lo, and eth0 configured from "benchip=ADDR/PREFIX" and
 *     "benchgw=ADDR" on the kernel command line (ioctl, no tools);
 *   - the two servers (/net_stream serve 7000, /net_http 8080: the same
 *     sources and build as the host-process column), then the line
 *     "linux-guest: ready"; once both have exited (the script's "quit" and
 *     GET /quit) it powers the machine off.
 *
 * Every failure is one line "linux-guest: error: ..." on the console, and
 * then the machine is powered off too: the script reports that line as the
 * reason the Linux guest row is unavailable.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <net/route.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CMDLINE_MAX 4096
#define PARAMS_MAX 1024
#define ETH "eth0"
/* How long eth0 may take to appear once virtio_net is loaded (the probe
 * normally runs inside finit_module, but a driver may probe asynchronously). */
#define ETH_WAIT_MS 10000

static char cmdline[CMDLINE_MAX];

/* PID 1 must not return: power off (QEMU then exits; through ACPI on
 * microvm, so with acpi=off the machine only halts and the script kills
 * QEMU). If that is refused, exiting makes the kernel panic, and with
 * "panic=-1" and QEMU's -no-reboot the machine ends all the same. */
static void __attribute__((noreturn)) poweroff(void)
{
	fflush(stdout);
	sync();
	reboot(RB_POWER_OFF);
	printf("linux-guest: power off failed: %s\n", strerror(errno));
	fflush(stdout);
	_exit(1);
}

static void __attribute__((noreturn, format(printf, 1, 2)))
fail(const char *fmt, ...)
{
	va_list ap;

	printf("linux-guest: error: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	poweroff();
}

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* mount_fs: mounts TYPE on DIR (created if needed); EBUSY means it is
 * already there (a kernel that mounts devtmpfs itself). */
static void mount_fs(const char *type, const char *dir)
{
	mkdir(dir, 0755);
	if (mount(type, dir, type, 0, NULL) != 0 && errno != EBUSY)
		fail("mount %s on %s: %s", type, dir, strerror(errno));
}

/* The kernel gives init a console only when the initramfs has
 * /dev/console; ours has no device nodes, so open it from devtmpfs. */
static void open_console(void)
{
	if (fcntl(1, F_GETFD) != -1)
		return;
	int fd = open("/dev/console", O_RDWR | O_NOCTTY);
	if (fd < 0)
		_exit(1); /* nowhere to say why; the script sees no marker */
	dup2(fd, 0);
	dup2(fd, 1);
	dup2(fd, 2);
	if (fd > 2)
		close(fd);
}

static void read_cmdline(void)
{
	int fd = open("/proc/cmdline", O_RDONLY);
	if (fd < 0)
		fail("open /proc/cmdline: %s", strerror(errno));
	ssize_t n = read(fd, cmdline, sizeof cmdline - 1);
	if (n < 0)
		fail("read /proc/cmdline: %s", strerror(errno));
	close(fd);
	cmdline[n] = '\0';
	char *nl = strchr(cmdline, '\n');
	if (nl)
		*nl = '\0';
}

/* cmdline_value KEY: the value of the word "KEY=VALUE" on the kernel
 * command line (copied to a static buffer), or NULL. */
static const char *cmdline_value(const char *key)
{
	static char val[256];
	size_t klen = strlen(key);

	for (const char *p = cmdline; *p;) {
		size_t len = strcspn(p, " ");
		if (len > klen && strncmp(p, key, klen) == 0 &&
		    p[klen] == '=') {
			size_t vlen = len - klen - 1;
			if (vlen >= sizeof val)
				vlen = sizeof val - 1;
			memcpy(val, p + klen + 1, vlen);
			val[vlen] = '\0';
			return val;
		}
		p += len;
		p += strspn(p, " ");
	}
	return NULL;
}

/* Module names are the same with '-' or '_' (the kernel's rule). */
static int same_modname(const char *a, size_t alen, const char *b)
{
	size_t i;

	for (i = 0; i < alen && b[i]; i++) {
		char x = a[i] == '-' ? '_' : a[i];
		char y = b[i] == '-' ? '_' : b[i];
		if (x != y)
			return 0;
	}
	return i == alen && b[i] == '\0';
}

/* module_params NAME OUT: the "NAME.PARAM=VALUE" words of the command
 * line as "PARAM=VALUE ..." in OUT, as modprobe passes them. */
static void module_params(const char *name, char *out, size_t size)
{
	size_t used = 0;

	out[0] = '\0';
	for (const char *p = cmdline; *p;) {
		size_t len = strcspn(p, " ");
		const char *dot = memchr(p, '.', len);
		if (dot && memchr(dot, '=', len - (size_t)(dot - p)) &&
		    same_modname(p, (size_t)(dot - p), name)) {
			size_t plen = len - (size_t)(dot - p) - 1;
			if (used + plen + 2 > size)
				fail("parameters for module %s longer than %zu "
				     "bytes",
				     name, size);
			if (used)
				out[used++] = ' ';
			memcpy(out + used, dot + 1, plen);
			used += plen;
			out[used] = '\0';
		}
		p += len;
		p += strspn(p, " ");
	}
}

/* load_module PATH: finit_module(2) with the command line's parameters
 * for it. EEXIST (already loaded) is fine. */
static void load_module(const char *path)
{
	char name[64], params[PARAMS_MAX];
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	size_t n = strcspn(base, ".");

	if (n >= sizeof name)
		n = sizeof name - 1;
	memcpy(name, base, n);
	name[n] = '\0';
	module_params(name, params, sizeof params);

	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		fail("module %s: open %s: %s", name, path, strerror(errno));
	if (syscall(SYS_finit_module, fd, params, 0) != 0 && errno != EEXIST)
		fail("module %s: finit_module: %s", name, strerror(errno));
	close(fd);
	printf("linux-guest: loaded %s%s%s\n", name, params[0] ? " " : "",
	       params);
}

/* The list the script wrote: module paths in dependency order. No list
 * means a kernel with its drivers built in. */
static void load_modules(void)
{
	FILE *f = fopen("/modules", "r");
	char line[256];

	if (!f)
		return;
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\n")] = '\0';
		if (line[0])
			load_module(line);
	}
	fclose(f);
}

static void set_addr(struct sockaddr *sa, in_addr_t a)
{
	struct sockaddr_in *in = (struct sockaddr_in *)sa;

	memset(in, 0, sizeof *in);
	in->sin_family = AF_INET;
	in->sin_addr.s_addr = a;
}

static void if_up(int s, const char *ifname)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof ifr);
	strncpy(ifr.ifr_name, ifname, IFNAMSIZ - 1);
	if (ioctl(s, SIOCGIFFLAGS, &ifr) != 0)
		fail("%s: SIOCGIFFLAGS: %s", ifname, strerror(errno));
	ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
	if (ioctl(s, SIOCSIFFLAGS, &ifr) != 0)
		fail("%s: SIOCSIFFLAGS: %s", ifname, strerror(errno));
}

/* lo (Linux gives it 127.0.0.1 when it comes up), then eth0 from benchip
 * and benchgw. */
static void configure_network(void)
{
	const char *v = cmdline_value("benchip");
	char ip[64];
	int prefix = 24;

	if (!v)
		fail("no benchip=ADDR/PREFIX on the kernel command line");
	snprintf(ip, sizeof ip, "%s", v);
	char *slash = strchr(ip, '/');
	if (slash) {
		*slash = '\0';
		prefix = atoi(slash + 1);
	}
	struct in_addr addr, gw;
	if (inet_pton(AF_INET, ip, &addr) != 1 || prefix < 1 || prefix > 32)
		fail("bad benchip=%s", v);
	in_addr_t mask =
	    htonl(prefix == 32 ? 0xffffffffu : ~(0xffffffffu >> prefix));

	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s < 0)
		fail("socket: %s", strerror(errno));
	if_up(s, "lo");

	/* virtio_net registers eth0 when it probes the device. */
	int waited = 0;
	while (if_nametoindex(ETH) == 0) {
		if (waited >= ETH_WAIT_MS)
			fail("no %s %d s after loading the modules (no "
			     "virtio-net device found)",
			     ETH, ETH_WAIT_MS / 1000);
		sleep_ms(50);
		waited += 50;
	}

	struct ifreq ifr;
	memset(&ifr, 0, sizeof ifr);
	strncpy(ifr.ifr_name, ETH, IFNAMSIZ - 1);
	set_addr(&ifr.ifr_addr, addr.s_addr);
	if (ioctl(s, SIOCSIFADDR, &ifr) != 0)
		fail("%s: SIOCSIFADDR %s: %s", ETH, ip, strerror(errno));
	set_addr(&ifr.ifr_netmask, mask);
	if (ioctl(s, SIOCSIFNETMASK, &ifr) != 0)
		fail("%s: SIOCSIFNETMASK /%d: %s", ETH, prefix,
		     strerror(errno));
	if_up(s, ETH);

	/* The peers are on the link; a default route only matters for a
	 * peer that is not (slirp's forwards come from its gateway, which is
	 * on the link too), but it is what the libuk guest gets as well. */
	v = cmdline_value("benchgw");
	if (v) {
		struct rtentry rt;
		if (inet_pton(AF_INET, v, &gw) != 1)
			fail("bad benchgw=%s", v);
		memset(&rt, 0, sizeof rt);
		set_addr(&rt.rt_dst, INADDR_ANY);
		set_addr(&rt.rt_genmask, INADDR_ANY);
		set_addr(&rt.rt_gateway, gw.s_addr);
		rt.rt_flags = RTF_UP | RTF_GATEWAY;
		if (ioctl(s, SIOCADDRT, &rt) != 0)
			fail("default route via %s: %s", v, strerror(errno));
	}
	close(s);
	printf("linux-guest: %s %s/%d%s%s\n", ETH, ip, prefix, v ? " via " : "",
	       v ? v : "");
}

static pid_t start(char *const argv[])
{
	pid_t pid = fork();

	if (pid < 0)
		fail("fork: %s", strerror(errno));
	if (pid == 0) {
		execv(argv[0], argv);
		printf("linux-guest: error: exec %s: %s\n", argv[0],
		       strerror(errno));
		fflush(stdout);
		_exit(127);
	}
	return pid;
}

int main(void)
{
	mount_fs("devtmpfs", "/dev");
	open_console();
	setvbuf(stdout, NULL, _IOLBF, 0);
	mount_fs("proc", "/proc");
	mount_fs("sysfs", "/sys");
	read_cmdline();
	printf("linux-guest: init, kernel command line: %s\n", cmdline);

	load_modules();
	configure_network();

	char *stream_argv[] = {"/net_stream", "serve", "7000", NULL};
	char *http_argv[] = {"/net_http", "8080", NULL};
	pid_t servers[2] = {start(stream_argv), start(http_argv)};
	printf("linux-guest: ready\n");

	/* PID 1 also reaps any orphan; stop once both servers are gone. */
	int left = 2;
	while (left > 0) {
		int st;
		pid_t pid = wait(&st);
		if (pid < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (int i = 0; i < 2; i++) {
			if (pid == servers[i]) {
				printf("linux-guest: %s exited (%s %d)\n",
				       i == 0 ? "net_stream" : "net_http",
				       WIFEXITED(st) ? "status" : "signal",
				       WIFEXITED(st) ? WEXITSTATUS(st)
						     : WTERMSIG(st));
				left--;
			}
		}
	}
	printf("linux-guest: done\n");
	poweroff();
}

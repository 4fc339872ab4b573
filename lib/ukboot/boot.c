/*
 * lib/ukboot/boot.c - the start path shared by every platform and boot
 * protocol: command line, init table, then the application (app_start.c).
 *
 * The application's argv comes from the command line after "--" (argv[0]
 * is "app"); libuk options come before it. The init table is the
 * .uk_inittab section, sorted by class and name by the linker script.
 */
#include <errno.h>
#include <uk/boot.h>
#include <uk/cmdline.h>
#include <uk/console.h>
#include <uk/exit.h>
#include <uk/init.h>
#include <uk/param.h>
#include <uk/plat.h>
#include <uk/print.h>
#include <ukbase/string.h>
#include "ukboot.h"

#define ARGV_MAX 256

extern const struct uk_init_step __uk_inittab_start[], __uk_inittab_end[];
extern const struct uk_param __uk_params_start[], __uk_params_end[];

static struct uk_bootinfo *bootinfo;
static char args[UK_BOOTINFO_CMDLINE_MAX];
static char *tokens[ARGV_MAX + 2];
static unsigned int init_done;
static uint64_t main_cycles;
static _Bool bootstats;

UK_PARAM_BOOL(bootstats, "uk.bootstats", &bootstats);

struct uk_bootinfo *uk_bootinfo_get(void)
{
	return bootinfo;
}

unsigned int uk_init_done_count(void)
{
	return init_done;
}

const char *uk_init_done_name(unsigned int i)
{
	return i < init_done ? __uk_inittab_start[i].name : NULL;
}

uint64_t uk_boot_main_cycles(void)
{
	return main_cycles;
}

static void warn_unknown(const char *token)
{
	uk_pr_warn("unknown boot option '%s' ignored", token);
}

/* Split the command line and apply libuk's options; returns argv's start. */
static int parse_cmdline(int *ntok)
{
	struct uk_cmdline_result res;
	int n;

	uk_strlcpy(args, bootinfo->cmdline, sizeof(args));
	/* tokens[0] stays free for argv[0] when there is no "--". */
	n = uk_cmdline_split(args, tokens + 1, ARGV_MAX);
	if (n == -E2BIG) {
		uk_pr_crit("bad command line: more than %d arguments", ARGV_MAX);
		uk_exit(UK_EXIT_CMDLINE);
	}
	if (n < 0) {
		uk_pr_crit("bad command line: unterminated quote or trailing backslash in \"%s\"",
			   bootinfo->cmdline);
		uk_exit(UK_EXIT_CMDLINE);
	}
	if (uk_cmdline_apply(tokens + 1, n, __uk_params_start, __uk_params_end,
			     warn_unknown, &res) < 0) {
		if (res.bad_param)
			uk_pr_crit("bad boot option '%s': %s expects %s", res.bad,
				   res.bad_param->name, res.bad_param->expect);
		else
			uk_pr_crit("bad boot option '%s': expected name=value before \"--\"",
				   res.bad);
		uk_exit(UK_EXIT_CMDLINE);
	}
	*ntok = n;
	return res.app_first;
}

static void run_init_table(void)
{
	for (const struct uk_init_step *s = __uk_inittab_start;
	     s < __uk_inittab_end; s++) {
		int rc;

		uk_pr_debug("init %u.%s", s->cls, s->name);
		rc = s->fn();
		if (rc < 0) {
			uk_pr_crit("init step %s failed: error %d", s->name, -rc);
			uk_exit(rc == -ENOMEM ? UK_EXIT_NOMEM : UK_EXIT_INIT);
		}
		init_done++;
	}
}

void uk_boot_start(struct uk_bootinfo *bi)
{
	int first, ntok, argc;
	char **argv;

	bootinfo = bi;
	uk_boot_env_defaults();
	first = parse_cmdline(&ntok);
	uk_pr_info("booted via %s, command line \"%s\"", bi->protocol,
		   bi->cmdline);
	run_init_table();

	/*
	 * Application arguments are tokens[first + 1 .. ntok]; argv[0] takes
	 * the slot before them (the "--" token, or the free tokens[0]).
	 */
	argv = &tokens[first];
	argv[0] = (char *)(uintptr_t)"app";
	argc = ntok - first + 1;
	argv[argc] = NULL;
	uk_boot_start_app(argc, argv);
}

void uk_boot_record_app_start(void)
{
	main_cycles = ukplat_cycles();
}

void uk_boot_report_times(void)
{
	uint64_t hz, entry, cyc;

	if (!bootstats || !main_cycles)
		return;
	entry = ukplat_boot_entry_cycles();
	hz = ukplat_cycles_hz();
	cyc = main_cycles - entry;
	uk_printf("uk: bootstats: entry-to-app %lu cycles, %lu ns (cycle counter %lu Hz)\n",
		  cyc, hz ? cyc / hz * 1000000000UL + cyc % hz * 1000000000UL / hz : 0,
		  hz);
}

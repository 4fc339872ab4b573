/*
 * lib/ukboot/app_start.c - starting the application the way Linux starts a
 * static executable: a stack holding argc, argv, envp and the auxiliary
 * vector, then a jump to the ELF entry point (musl's _start), so that
 * musl's own start-up (TLS, constructors, stdio, atexit) runs unchanged.
 *
 * The environment is PATH and HOME=/ by default, plus (or overridden by)
 * every uk.env=KEY=VALUE option on the command line; libraries add
 * defaults of their own during the init steps (uk_boot_env_default, e.g.
 * LOGNAME from lib/posix-user), which never replace a variable already set.
 */
#include <elf.h>
#include <errno.h>
#include <uk/boot.h>
#include <uk/exit.h>
#include <uk/pages.h>
#include <uk/param.h>
#include <uk/plat.h>
#include <uk/print.h>
#include <uk/sched.h>
#include <ukbase/string.h>
#include "ukboot.h"

#define ENV_MAX 64
#define AUXV_MAX 20

extern char _start[];                 /* musl's crt1.o */
extern char __uk_tls_start[], __uk_tdata_end[], __uk_tbss_end[];
extern char __uk_tls_align[];         /* an absolute symbol: its address */

static const char *env[ENV_MAX];
static unsigned int nr_env;
static uint64_t stack_size = 256 * 1024;
static Elf64_Phdr phdrs[1];

UK_PARAM_U64(stack_size, "uk.stack_size", &stack_size);

size_t uk_boot_stack_size(void)
{
	return (size_t)stack_size;
}

/* Add or replace "KEY=VALUE" in the environment. */
static int env_put(const char *kv)
{
	const char *eq = uk_strchr(kv, '=');
	size_t klen;

	if (!eq || eq == kv)
		return -EINVAL;
	klen = (size_t)(eq - kv) + 1;
	for (unsigned int i = 0; i < nr_env; i++) {
		if (!uk_strncmp(env[i], kv, klen)) {
			env[i] = kv;
			return 0;
		}
	}
	if (nr_env == ENV_MAX)
		return -E2BIG;
	env[nr_env++] = kv;
	return 0;
}

static int env_param_set(const struct uk_param *p, const char *value)
{
	(void)p;
	return env_put(value) == 0 ? 0 : -EINVAL;
}

static const struct uk_param env_param UK_USED UK_SECTION(".uk_params")
	UK_ALIGNED(8) = { "uk.env", env_param_set, NULL,
			  "KEY=VALUE (at most 64 variables)", 0 };

int uk_boot_env_default(const char *kv)
{
	const char *eq = uk_strchr(kv, '=');

	if (!eq || eq == kv)
		return -EINVAL;
	for (unsigned int i = 0; i < nr_env; i++) {
		if (!uk_strncmp(env[i], kv, (size_t)(eq - kv) + 1))
			return 0;
	}
	return env_put(kv);
}

void uk_boot_env_defaults(void)
{
	/* Called before options are applied, so uk.env overrides these. */
	env_put("PATH=/usr/local/bin:/usr/bin:/bin");
	env_put("HOME=/");
}

/* Copy 'n' bytes below 'sp' and return the new position. */
static char *push_bytes(char *sp, const void *src, size_t n)
{
	sp -= n;
	uk_memcpy(sp, src, n);
	return sp;
}

static unsigned int fill_phdrs(void)
{
	size_t filesz = (size_t)(__uk_tdata_end - __uk_tls_start);
	size_t memsz = (size_t)(__uk_tbss_end - __uk_tls_start);

	if (!memsz)
		return 0;
	phdrs[0] = (Elf64_Phdr){
		.p_type = PT_TLS,
		.p_flags = PF_R,
		.p_vaddr = (uintptr_t)__uk_tls_start,
		.p_paddr = (uintptr_t)__uk_tls_start,
		.p_filesz = filesz,
		.p_memsz = memsz,
		.p_align = (uintptr_t)__uk_tls_align,
	};
	return 1;
}

static void random_bytes(void *buf, size_t len)
{
	if (ukplat_entropy_hw(buf, len) == (long)len)
		return;
	/* No hardware generator: the best this early is the cycle counter. */
	for (size_t i = 0; i < len; i++)
		((unsigned char *)buf)[i] = (unsigned char)(ukplat_cycles() >> (i % 4));
}

void uk_boot_start_app(int argc, char *argv[])
{
	size_t size = UK_ALIGN_UP((size_t)stack_size, UK_PAGE_SIZE);
	char *base, *sp, *execfn;
	char *argp[argc + 1], *envp[ENV_MAX + 1];
	uint64_t auxv[AUXV_MAX * 2], *vec;
	unsigned char rnd[16];
	unsigned int na = 0;
	size_t words;

	/* The stack, and one page below it made a guard. */
	base = size ? uk_pages_alloc_n(size / UK_PAGE_SIZE + 1) : NULL;
	if (!base) {
		uk_pr_crit("no memory for the %zu KiB application stack (uk.stack_size)",
			   size / 1024);
		uk_exit(UK_EXIT_NOMEM);
	}
	if (ukplat_guard_page((uintptr_t)base, "application stack") < 0)
		uk_pr_warn("the application stack has no guard page");
	sp = base + UK_PAGE_SIZE + size;

	/* Strings first, at the top, as Linux places them. */
	execfn = sp = push_bytes(sp, "/app", 5);
	for (int i = argc - 1; i >= 0; i--)
		argp[i] = sp = push_bytes(sp, argv[i], uk_strlen(argv[i]) + 1);
	argp[argc] = NULL;
	for (int i = (int)nr_env - 1; i >= 0; i--)
		envp[i] = sp = push_bytes(sp, env[i], uk_strlen(env[i]) + 1);
	envp[nr_env] = NULL;
	random_bytes(rnd, sizeof(rnd));
	sp = push_bytes(sp, rnd, sizeof(rnd));

#define AUX(t, v) (auxv[na++] = (t), auxv[na++] = (uint64_t)(v))
	AUX(AT_PHDR, (uintptr_t)phdrs);
	AUX(AT_PHENT, sizeof(Elf64_Phdr));
	AUX(AT_PHNUM, fill_phdrs());
	AUX(AT_PAGESZ, UK_PAGE_SIZE);
	AUX(AT_ENTRY, (uintptr_t)_start);
	AUX(AT_UID, 0);
	AUX(AT_EUID, 0);
	AUX(AT_GID, 0);
	AUX(AT_EGID, 0);
	AUX(AT_SECURE, 0);
	AUX(AT_HWCAP, ukplat_hwcap());
	AUX(AT_CLKTCK, 100);
	AUX(AT_RANDOM, (uintptr_t)sp);
	AUX(AT_EXECFN, (uintptr_t)execfn);
	AUX(AT_NULL, 0);
#undef AUX

	/* argc, argv[], NULL, envp[], NULL, auxv: 16-byte aligned at argc. */
	words = 1 + (size_t)argc + 1 + nr_env + 1 + na;
	sp = (char *)UK_ALIGN_DOWN((uintptr_t)sp - words * 8, 16);
	vec = (uint64_t *)sp;
	*vec++ = (uint64_t)argc;
	uk_memcpy(vec, argp, (argc + 1) * sizeof(char *));
	vec += argc + 1;
	uk_memcpy(vec, envp, (nr_env + 1) * sizeof(char *));
	vec += nr_env + 1;
	uk_memcpy(vec, auxv, na * sizeof(uint64_t));

	uk_boot_record_app_start();
	/* From here on the boot context runs application code (uk/sched.h). */
	uk_klock_exit();
	uk_boot_enter_app(_start, sp);
}

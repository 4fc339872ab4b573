/*
 * tests/guest/musl_basic.c - an ordinary C program on musl: formatting,
 * conversions, sorting, time, environment, argv, errno, thread-local
 * variables, unknown system calls, and the application's SIMD/x87 state
 * across system calls. musl_basic.sh boots it as
 *   uk.env=TZ=UTC uk.env=UKTEST=yes -- alpha "beta gamma"
 * and checks, after it returns, that atexit handlers ran in reverse order
 * and that buffered stdout was flushed.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/ioctl.h>
#include <sys/uio.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "musl_tap.h"

static void check_str(const char *got, const char *want, const char *what)
{
	char line[256];

	snprintf(line, sizeof(line), "%s (got \"%s\", want \"%s\")", what, got, want);
	check(strcmp(got, want) == 0, "%s", line);
}

static void formatting(void)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%d %i %u %x %o %c %s", -42, 7, 42u, 255u, 8u, 'z', "str");
	check_str(buf, "-42 7 42 ff 10 z str", "printf integers, chars, strings");
	snprintf(buf, sizeof(buf), "%.3f %e %g %a", 3.14159, 12345.678, 0.0001, 1.0);
	check_str(buf, "3.142 1.234568e+04 0.0001 0x1p+0", "printf doubles");
	snprintf(buf, sizeof(buf), "%.10Lf", 1.0L / 3.0L);
	check_str(buf, "0.3333333333", "printf long double");
	snprintf(buf, sizeof(buf), "%5.1f|%-6d|%+d|% d|%05d", 2.25, 12, 3, 4, -42);
	check_str(buf, "  2.2|12    |+3| 4|-0042", "printf widths and flags");
	snprintf(buf, sizeof(buf), "%f %f %f", INFINITY, -INFINITY, NAN);
	check_str(buf, "inf -inf nan", "printf infinities and NaN");
	check(snprintf(buf, 4, "%s", "abcdef") == 6 && strcmp(buf, "abc") == 0,
	      "snprintf truncates and returns the full length");
	check(snprintf(NULL, 0, "%d", 123456) == 6, "snprintf(NULL, 0) measures");
	snprintf(buf, sizeof(buf), "%lld %llu", (long long)INT64_MIN, (unsigned long long)UINT64_MAX);
	check_str(buf, "-9223372036854775808 18446744073709551615", "printf 64-bit extremes");
}

static void conversions(void)
{
	char *end;
	double d = strtod("  -1.5e3xyz", &end);

	check(d == -1500.0 && strcmp(end, "xyz") == 0, "strtod value and end pointer");
	check(strtod("0x1.8p1", NULL) == 3.0, "strtod hexadecimal float");
	errno = 0;
	d = strtod("1e999", NULL);
	check(d == HUGE_VAL && errno == ERANGE, "strtod overflow gives HUGE_VAL and ERANGE");
	check(strtol("-0x1f", NULL, 16) == -31 && strtoul("777", NULL, 8) == 511,
	      "strtol/strtoul bases");
	check(fabs(sqrt(2.0) * sqrt(2.0) - 2.0) < 1e-15 && DBL_EPSILON > 0, "libm sqrt");
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

static void sorting(void)
{
	int v[1000];
	int sorted = 1;

	srand(42);
	for (int i = 0; i < 1000; i++)
		v[i] = rand() % 100000 - 50000;
	qsort(v, 1000, sizeof(int), cmp_int);
	for (int i = 1; i < 1000; i++)
		sorted &= v[i - 1] <= v[i];
	check(sorted, "qsort sorts 1000 integers");
}

static void timing(void)
{
	time_t t = time(NULL), epoch = 0;
	struct tm *tm;
	char buf[64];

	check(t > 1700000000, "time() is after 2023");
	tm = gmtime(&epoch);
	check(tm && tm->tm_year == 70 && tm->tm_mday == 1, "gmtime(0) is 1970-01-01");
	epoch = 951782400; /* 2000-02-29 00:00:00 UTC */
	tm = localtime(&epoch);
	strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S %Z", tm);
	check_str(buf, "2000-02-29 00:00:00 UTC", "localtime with TZ=UTC");
}

static void environment(int argc, char **argv)
{
	check(argc == 3, "argc is 3");
	check_str(argc > 1 ? argv[1] : "", "alpha", "argv[1]");
	check_str(argc > 2 ? argv[2] : "", "beta gamma", "argv[2] (quoted)");
	check_str(getenv("UKTEST") ? getenv("UKTEST") : "(unset)", "yes", "uk.env variable");
	check_str(getenv("HOME") ? getenv("HOME") : "(unset)", "/", "default HOME");
	check(getenv("PATH") != NULL, "default PATH is set");
	check(setenv("NEWVAR", "1", 1) == 0 && strcmp(getenv("NEWVAR"), "1") == 0,
	      "setenv/getenv");
}

static void errors(void)
{
	long r;

	errno = 0;
	check(close(99) == -1 && errno == EBADF, "close(99) fails with EBADF");
	errno = 0;
	check(write(42, "x", 1) == -1 && errno == EBADF, "write to a bad fd: EBADF");
	errno = 0;
	r = syscall(1000);
	check(r == -1 && errno == ENOSYS, "a system call number that does not exist: ENOSYS");
	errno = 0;
	r = syscall(SYS_acct, NULL);
	check(r == -1 && errno == ENOSYS, "an unimplemented system call (acct): ENOSYS");
	check(strcmp(strerror(EINVAL), "Invalid argument") == 0, "strerror");
}

/* The console descriptors answer as a Linux serial tty's would. */
static void console_fds(void)
{
	struct iovec bad[2] = { { "x", 1 }, { "y", (size_t)SSIZE_MAX } };
	struct winsize ws;

	errno = 0;
	check(pwrite(1, "x", 1, 0) == -1 && errno == ESPIPE, "pwrite on the tty: ESPIPE");
	errno = 0;
	check(pread(0, (char[1]){ 0 }, 1, -1) == -1 && errno == EINVAL,
	      "pread with a negative offset: EINVAL");
	errno = 0;
	check(lseek(1, 0, SEEK_SET) == -1 && errno == ESPIPE, "lseek on the tty: ESPIPE");
	errno = 0;
	check(writev(1, bad, 2) == -1 && errno == EINVAL,
	      "writev with an oversized vector: EINVAL, nothing written");
	check((fcntl(1, F_GETFL) & O_ACCMODE) == O_RDWR, "fcntl(F_GETFL) on stdout");
	check(ioctl(1, TIOCGWINSZ, &ws) == 0 && isatty(1) && isatty(2), "stdout and stderr are ttys");
	errno = 0;
	check(ioctl(1, 0x5401ffff, 0) == -1 && errno == ENOTTY, "an unknown tty ioctl: ENOTTY");
}

static __thread int tls_init = 1234;
static __thread long tls_zero;
static __thread char tls_buf[100] = "thread-local";

static void thread_locals(void)
{
	check(tls_init == 1234 && tls_zero == 0, "__thread initial values (.tdata, .tbss)");
	check(strcmp(tls_buf, "thread-local") == 0, "__thread array initialiser");
	tls_init++;
	tls_zero = -5;
	check(tls_init == 1235 && tls_zero == -5, "__thread variables are writable");
	check((uintptr_t)&tls_zero % _Alignof(long) == 0 &&
	      (uintptr_t)&tls_buf[0] != (uintptr_t)&tls_init, "__thread alignment and placement");
}

#if defined(__x86_64__)
/*
 * Fill xmm0-15 and the x87 stack top with known values, make system calls
 * of several kinds (a console write, getpid, an unimplemented call that
 * logs, a clock read) from inside one asm block, and read the registers
 * back: the kernel must leave the application's SIMD state alone.
 */
static void simd_state(void)
{
	static const char msg[] = "simd: writing from inside the asm block\n";
	uint64_t in[32], out[32];
	long double x87_in = 1.0L / 3.0L, x87_out = 0;
	struct timespec ts;
	unsigned int mxcsr_in = 0x1f80 | (1 << 13), mxcsr_out = 0, mxcsr_saved;

	for (int i = 0; i < 32; i++)
		in[i] = 0x0123456789abcdefULL * (i + 1) ^ (uint64_t)i << 56;
	__asm__ __volatile__("stmxcsr %0" : "=m"(mxcsr_saved));
	__asm__ __volatile__(
		"ldmxcsr %[mxin]\n\t"
		"fldt %[x87in]\n\t"
		"movdqu 0(%[in]), %%xmm0\n\t   movdqu 16(%[in]), %%xmm1\n\t"
		"movdqu 32(%[in]), %%xmm2\n\t  movdqu 48(%[in]), %%xmm3\n\t"
		"movdqu 64(%[in]), %%xmm4\n\t  movdqu 80(%[in]), %%xmm5\n\t"
		"movdqu 96(%[in]), %%xmm6\n\t  movdqu 112(%[in]), %%xmm7\n\t"
		"movdqu 128(%[in]), %%xmm8\n\t movdqu 144(%[in]), %%xmm9\n\t"
		"movdqu 160(%[in]), %%xmm10\n\t movdqu 176(%[in]), %%xmm11\n\t"
		"movdqu 192(%[in]), %%xmm12\n\t movdqu 208(%[in]), %%xmm13\n\t"
		"movdqu 224(%[in]), %%xmm14\n\t movdqu 240(%[in]), %%xmm15\n\t"
		"mov $1, %%eax\n\t mov $1, %%edi\n\t mov %[msg], %%rsi\n\t"
		"mov %[len], %%edx\n\t syscall\n\t"
		"mov $39, %%eax\n\t syscall\n\t"
		"mov $163, %%eax\n\t xor %%edi, %%edi\n\t syscall\n\t"
		"mov $228, %%eax\n\t mov $1, %%edi\n\t mov %[ts], %%rsi\n\t syscall\n\t"
		"movdqu %%xmm0, 0(%[out])\n\t   movdqu %%xmm1, 16(%[out])\n\t"
		"movdqu %%xmm2, 32(%[out])\n\t  movdqu %%xmm3, 48(%[out])\n\t"
		"movdqu %%xmm4, 64(%[out])\n\t  movdqu %%xmm5, 80(%[out])\n\t"
		"movdqu %%xmm6, 96(%[out])\n\t  movdqu %%xmm7, 112(%[out])\n\t"
		"movdqu %%xmm8, 128(%[out])\n\t movdqu %%xmm9, 144(%[out])\n\t"
		"movdqu %%xmm10, 160(%[out])\n\t movdqu %%xmm11, 176(%[out])\n\t"
		"movdqu %%xmm12, 192(%[out])\n\t movdqu %%xmm13, 208(%[out])\n\t"
		"movdqu %%xmm14, 224(%[out])\n\t movdqu %%xmm15, 240(%[out])\n\t"
		"fstpt %[x87out]\n\t"
		"stmxcsr %[mxout]\n\t"
		: [x87out] "=m"(x87_out), [mxout] "=m"(mxcsr_out)
		: [in] "r"(in), [out] "r"(out), [msg] "r"(msg),
		  [len] "i"(sizeof(msg) - 1), [ts] "r"(&ts), [x87in] "m"(x87_in),
		  [mxin] "m"(mxcsr_in)
		: "rax", "rcx", "rdx", "rsi", "rdi", "r11", "memory", "xmm0", "xmm1",
		  "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9",
		  "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15");
	__asm__ __volatile__("ldmxcsr %0" : : "m"(mxcsr_saved));
	check(memcmp(in, out, sizeof(in)) == 0, "xmm0-15 survive write, getpid, an ENOSYS call, clock_gettime");
	check(x87_out == x87_in, "the x87 stack survives system calls");
	check(mxcsr_out == mxcsr_in, "MXCSR survives system calls");
}

/*
 * The system call path must leave the caller's 128-byte red zone alone
 * (musl is compiled with one), preserve every register but RAX, RCX and
 * R11, and keep the caller's direction flag. One asm block fills the red
 * zone and the registers, sets DF, makes several kinds of system call and
 * records everything before touching the stack again.
 */
static __attribute__((noinline)) void red_zone_and_registers(void)
{
	/* Statics, addressed RIP-relative: every register is in use. */
	static const char msg[] = "regs: writing from inside the asm block\n";
	static uint64_t out[16 + 10 + 1];
	static struct timespec ts;
	int ok_zone = 1, ok_regs = 1;

	__asm__ __volatile__(
		"movabs $0x5a5a000000000000, %%rax\n\t"
		".irp off, 8,16,24,32,40,48,56,64,72,80,88,96,104,112,120,128\n\t"
		"mov %%rax, -\\off(%%rsp)\n\t"
		"add $1, %%rax\n\t"
		".endr\n\t"
		"movabs $0x1b1b1b1b1b1b1b1b, %%rbx\n\t"
		"movabs $0x1212121212121212, %%r12\n\t"
		"movabs $0x1313131313131313, %%r13\n\t"
		"movabs $0x1414141414141414, %%r14\n\t"
		"movabs $0x1515151515151515, %%r15\n\t"
		"movabs $0x0808080808080808, %%r8\n\t"
		"movabs $0x0909090909090909, %%r9\n\t"
		"movabs $0x1010101010101010, %%r10\n\t"
		"std\n\t"
		"mov $39, %%eax\n\t syscall\n\t"
		"mov $1, %%eax\n\t mov $1, %%edi\n\t lea %[msg], %%rsi\n\t"
		"mov %[len], %%edx\n\t syscall\n\t"
		"mov $228, %%eax\n\t mov $1, %%edi\n\t lea %[ts], %%rsi\n\t syscall\n\t"
		"mov $163, %%eax\n\t syscall\n\t"
		".irp off, 8,16,24,32,40,48,56,64,72,80,88,96,104,112,120,128\n\t"
		"mov -\\off(%%rsp), %%rax\n\t"
		"mov %%rax, (\\off - 8)+%[out]\n\t"
		".endr\n\t"
		"mov %%rbx, 128+%[out]\n\t mov %%r12, 136+%[out]\n\t"
		"mov %%r13, 144+%[out]\n\t mov %%r14, 152+%[out]\n\t"
		"mov %%r15, 160+%[out]\n\t mov %%r8, 168+%[out]\n\t"
		"mov %%r9, 176+%[out]\n\t mov %%r10, 184+%[out]\n\t"
		"mov %%rdi, 192+%[out]\n\t mov %%rdx, 200+%[out]\n\t"
		"pushfq\n\t pop %%rax\n\t mov %%rax, 208+%[out]\n\t"
		"cld\n\t"
		: [out] "=m"(out), [ts] "=m"(ts)
		: [msg] "m"(msg), [len] "i"(sizeof(msg) - 1)
		: "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10",
		  "r11", "r12", "r13", "r14", "r15", "memory", "cc");
	for (int i = 0; i < 16; i++)
		ok_zone &= out[i] == 0x5a5a000000000000ULL + (uint64_t)i;
	ok_regs = out[16] == 0x1b1b1b1b1b1b1b1bULL && out[17] == 0x1212121212121212ULL &&
		  out[18] == 0x1313131313131313ULL && out[19] == 0x1414141414141414ULL &&
		  out[20] == 0x1515151515151515ULL && out[21] == 0x0808080808080808ULL &&
		  out[22] == 0x0909090909090909ULL && out[23] == 0x1010101010101010ULL &&
		  out[24] == 1 && out[25] == sizeof(msg) - 1;
	check(ok_zone, "the 128-byte red zone below RSP survives system calls");
	check(ok_regs, "RBX, RDX, RDI, R8-R10, R12-R15 survive system calls");
	check(out[26] & (1 << 10), "the direction flag survives system calls");
}

#elif defined(__aarch64__)
/*
 * Fill v0-v31 and FPCR with known values, make system calls of several
 * kinds (a console write, getpid, an unimplemented call that logs, a clock
 * read) from inside one asm block, and read the registers back: the kernel
 * must leave the application's SIMD state alone.
 */
static void simd_state(void)
{
	static const char msg[] = "simd: writing from inside the asm block\n";
	uint64_t in[64], out[64];
	uint64_t fpcr_in = (1UL << 22) | (1UL << 24), fpcr_out = 0, fpcr_saved;
	struct timespec ts;

	for (int i = 0; i < 64; i++)
		in[i] = 0x0123456789abcdefULL * (i + 1) ^ (uint64_t)i << 56;
	__asm__ __volatile__("mrs %0, fpcr" : "=r"(fpcr_saved));
	__asm__ __volatile__(
		"msr fpcr, %[fpcrin]\n\t"
		"ldp q0, q1, [%[in], #0]\n\t     ldp q2, q3, [%[in], #32]\n\t"
		"ldp q4, q5, [%[in], #64]\n\t    ldp q6, q7, [%[in], #96]\n\t"
		"ldp q8, q9, [%[in], #128]\n\t   ldp q10, q11, [%[in], #160]\n\t"
		"ldp q12, q13, [%[in], #192]\n\t ldp q14, q15, [%[in], #224]\n\t"
		"ldp q16, q17, [%[in], #256]\n\t ldp q18, q19, [%[in], #288]\n\t"
		"ldp q20, q21, [%[in], #320]\n\t ldp q22, q23, [%[in], #352]\n\t"
		"ldp q24, q25, [%[in], #384]\n\t ldp q26, q27, [%[in], #416]\n\t"
		"ldp q28, q29, [%[in], #448]\n\t ldp q30, q31, [%[in], #480]\n\t"
		"mov x8, #64\n\t mov x0, #1\n\t mov x1, %[msg]\n\t mov x2, %[len]\n\t svc #0\n\t"
		"mov x8, #172\n\t svc #0\n\t"
		"mov x8, #89\n\t mov x0, #0\n\t svc #0\n\t"
		"mov x8, #113\n\t mov x0, #1\n\t mov x1, %[ts]\n\t svc #0\n\t"
		"stp q0, q1, [%[out], #0]\n\t     stp q2, q3, [%[out], #32]\n\t"
		"stp q4, q5, [%[out], #64]\n\t    stp q6, q7, [%[out], #96]\n\t"
		"stp q8, q9, [%[out], #128]\n\t   stp q10, q11, [%[out], #160]\n\t"
		"stp q12, q13, [%[out], #192]\n\t stp q14, q15, [%[out], #224]\n\t"
		"stp q16, q17, [%[out], #256]\n\t stp q18, q19, [%[out], #288]\n\t"
		"stp q20, q21, [%[out], #320]\n\t stp q22, q23, [%[out], #352]\n\t"
		"stp q24, q25, [%[out], #384]\n\t stp q26, q27, [%[out], #416]\n\t"
		"stp q28, q29, [%[out], #448]\n\t stp q30, q31, [%[out], #480]\n\t"
		"mrs %[fpcrout], fpcr\n\t"
		: [fpcrout] "=&r"(fpcr_out)
		: [in] "r"(in), [out] "r"(out), [msg] "r"(msg),
		  [len] "i"(sizeof(msg) - 1), [ts] "r"(&ts), [fpcrin] "r"(fpcr_in)
		: "x0", "x1", "x2", "x8", "memory", "v0", "v1", "v2", "v3", "v4",
		  "v5", "v6", "v7", "v8", "v9", "v10", "v11", "v12", "v13", "v14",
		  "v15", "v16", "v17", "v18", "v19", "v20", "v21", "v22", "v23",
		  "v24", "v25", "v26", "v27", "v28", "v29", "v30", "v31");
	__asm__ __volatile__("msr fpcr, %0" : : "r"(fpcr_saved));
	check(memcmp(in, out, sizeof(in)) == 0, "v0-v31 survive write, getpid, an ENOSYS call, clock_gettime");
	check(fpcr_out == fpcr_in, "FPCR survives system calls");
}

/*
 * The system call path must preserve every register but x0 (the result)
 * and the condition flags, as Linux does (arm64 has no red zone). One asm
 * block fills x3-x7 and x9-x28, sets N and C, makes several kinds of
 * system call and records everything; x30 holds the pointer table, so a
 * kernel that clobbered it would fault here rather than pass.
 */
static __attribute__((noinline)) void red_zone_and_registers(void)
{
	static const char msg[] = "regs: writing from inside the asm block\n";
	static uint64_t out[1 + 25];
	static struct timespec ts;
	const void *table[3] = { msg, &ts, out };
	/* Every other register is in use: the table comes in x28. */
	register const void *const *tb __asm__("x28") = table;
	int ok_regs = 1;

	__asm__ __volatile__(
		"mov x30, %[table]\n\t"
		".irp r, 3,4,5,6,7,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28\n\t"
		"movz x\\r, #(\\r * 0x101), lsl #48\n\t"
		"movk x\\r, #(\\r), lsl #0\n\t"
		".endr\n\t"
		"mov x0, #0xa0000000\n\t msr nzcv, x0\n\t"
		"mov x8, #172\n\t svc #0\n\t"
		"mov x8, #64\n\t mov x0, #1\n\t ldr x1, [x30, #0]\n\t mov x2, %[len]\n\t svc #0\n\t"
		"mov x8, #113\n\t mov x0, #1\n\t ldr x1, [x30, #8]\n\t svc #0\n\t"
		"mov x8, #89\n\t mov x0, #0\n\t svc #0\n\t"
		"mrs x0, nzcv\n\t"
		"ldr x1, [x30, #16]\n\t"
		"str x0, [x1], #8\n\t"
		".irp r, 3,4,5,6,7,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28\n\t"
		"str x\\r, [x1], #8\n\t"
		".endr\n\t"
		: [table] "+r"(tb)
		: [len] "i"(sizeof(msg) - 1)
		: "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10",
		  "x11", "x12", "x13", "x14", "x15", "x16", "x17", "x18", "x19",
		  "x20", "x21", "x22", "x23", "x24", "x25", "x26", "x27",
		  "x30", "memory", "cc");
	static const int regs[25] = { 3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 14, 15, 16,
				      17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28 };
	for (int i = 0; i < 25; i++)
		ok_regs &= out[1 + i] == ((uint64_t)(regs[i] * 0x101) << 48 | (uint64_t)regs[i]);
	check(ok_regs, "x3-x7 and x9-x28 survive system calls");
	check(out[0] == 0xa0000000, "the condition flags survive system calls");
}

#endif

static void at_exit_first(void)
{
	/* Registered first, so it runs last. */
	printf("atexit: first registered, ran last");
}

static void at_exit_second(void)
{
	printf("atexit: second registered, ran first\n");
}

int main(int argc, char *argv[])
{
	formatting();
	conversions();
	sorting();
	timing();
	environment(argc, argv);
	errors();
	console_fds();
	thread_locals();
	simd_state();
	red_zone_and_registers();
	atexit(at_exit_first);
	atexit(at_exit_second);
	printf("1..%d\n", count);
	/* Left in stdout's buffer (no newline): exit() must flush it. */
	return failed ? 1 : 0;
}

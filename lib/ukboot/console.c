/*
 * lib/ukboot/console.c - the application-facing console (uk/console.h) and
 * the kernel log (uk/print.h), both on top of ukplat_console_write.
 */
#include <uk/console.h>
#include <uk/plat.h>
#include <uk/print.h>
#include <ukbase/format.h>

int uk_loglevel = UK_LOG_WARN;

size_t uk_console_write(const char *buf, size_t len)
{
	size_t start = 0;

	/* The serial console wants CR LF; send runs between newlines whole. */
	for (size_t i = 0; i < len; i++) {
		if (buf[i] != '\n')
			continue;
		ukplat_console_write(buf + start, i - start);
		ukplat_console_write("\r\n", 2);
		start = i + 1;
	}
	ukplat_console_write(buf + start, len - start);
	return len;
}

static void console_sink(void *arg, const char *s, size_t n)
{
	(void)arg;
	uk_console_write(s, n);
}

int uk_vprintf(const char *fmt, va_list ap)
{
	return uk_vformat(console_sink, NULL, fmt, ap);
}

int uk_printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = uk_vprintf(fmt, ap);
	va_end(ap);
	return n;
}

void uk_vlog(int level, const char *fmt, va_list ap)
{
	if (level > uk_loglevel)
		return;
	uk_console_write("uk: ", 4);
	uk_vprintf(fmt, ap);
	uk_console_write("\n", 1);
}

void uk_log(int level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	uk_vlog(level, fmt, ap);
	va_end(ap);
}

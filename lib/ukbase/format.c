/*
 * lib/ukbase/format.c - the printf-style formatter used by all of libuk's
 * console and log output. Integer conversions only: kernel code has no
 * floating point (it is built without SIMD registers).
 */
#include <stdint.h>
#include <stdbool.h>
#include <ukbase/format.h>
#include <ukbase/string.h>

struct fmt_out {
	uk_format_sink_t sink;
	void *arg;
	int count;
};

static void out(struct fmt_out *o, const char *s, size_t n)
{
	if (n) {
		o->sink(o->arg, s, n);
		o->count += (int)n;
	}
}

static void pad(struct fmt_out *o, char c, int n)
{
	char buf[16];

	uk_memset(buf, c, sizeof(buf));
	while (n > 0) {
		int k = n > 16 ? 16 : n;

		out(o, buf, (size_t)k);
		n -= k;
	}
}

struct spec {
	bool left, zero, plus, space, alt, ptr;
	int width;
	int prec; /* -1: none */
	int len;  /* 0 int, 1 long, 2 long long, -1 short, -2 char */
};

static void emit_number(struct fmt_out *o, const struct spec *sp,
			uint64_t v, bool neg, unsigned int base, bool upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char buf[24];
	int n = 0, zeros, padn;
	const char *prefix = "";
	int plen;
	bool nonzero = v != 0;

	while (v) {
		buf[sizeof(buf) - 1 - n++] = digits[v % base];
		v /= base;
	}
	if (sp->prec < 0 && n == 0)
		buf[sizeof(buf) - 1 - n++] = '0';
	if (neg)
		prefix = "-";
	else if (sp->plus)
		prefix = "+";
	else if (sp->space)
		prefix = " ";
	/* '#': 0x before non-zero hex (always for %p), a leading 0 for octal */
	if (sp->alt && base == 16 && (nonzero || sp->ptr))
		prefix = upper ? "0X" : "0x";
	zeros = (sp->alt && base == 8 && (n == 0 || buf[sizeof(buf) - n] != '0'));
	plen = (int)uk_strlen(prefix);
	if (sp->prec > n + zeros)
		zeros = sp->prec - n;
	padn = sp->width - plen - zeros - n;
	if (sp->zero && !sp->left && sp->prec < 0) {
		zeros += padn > 0 ? padn : 0;
		padn = 0;
	}
	if (!sp->left)
		pad(o, ' ', padn);
	out(o, prefix, (size_t)plen);
	pad(o, '0', zeros);
	out(o, buf + sizeof(buf) - n, (size_t)n);
	if (sp->left)
		pad(o, ' ', padn);
}

static void emit_string(struct fmt_out *o, const struct spec *sp,
			const char *s)
{
	size_t n;
	int padn;

	if (!s)
		s = "(null)";
	n = sp->prec >= 0 ? uk_strnlen(s, (size_t)sp->prec) : uk_strlen(s);
	padn = sp->width - (int)n;
	if (!sp->left)
		pad(o, ' ', padn);
	out(o, s, n);
	if (sp->left)
		pad(o, ' ', padn);
}

static const char *parse_spec(const char *f, struct spec *sp, va_list *ap)
{
	for (;; f++) {
		if (*f == '-')
			sp->left = true;
		else if (*f == '0')
			sp->zero = true;
		else if (*f == '+')
			sp->plus = true;
		else if (*f == ' ')
			sp->space = true;
		else if (*f == '#')
			sp->alt = true;
		else
			break;
	}
	if (*f == '*') {
		sp->width = va_arg(*ap, int);
		if (sp->width < 0) {
			sp->left = true;
			sp->width = -sp->width;
		}
		f++;
	}
	for (; *f >= '0' && *f <= '9'; f++)
		sp->width = sp->width * 10 + (*f - '0');
	if (*f == '.') {
		f++;
		sp->prec = 0;
		if (*f == '*') {
			sp->prec = va_arg(*ap, int);
			if (sp->prec < 0)
				sp->prec = -1;
			f++;
		}
		for (; *f >= '0' && *f <= '9'; f++)
			sp->prec = sp->prec * 10 + (*f - '0');
	}
	for (;; f++) {
		if (*f == 'l')
			sp->len++;
		else if (*f == 'h')
			sp->len--;
		else if (*f == 'z' || *f == 'j' || *f == 't')
			sp->len = 2;
		else
			break;
	}
	return f;
}

static uint64_t get_unsigned(const struct spec *sp, va_list *ap)
{
	if (sp->len >= 1)
		return sp->len == 1 ? va_arg(*ap, unsigned long)
				    : va_arg(*ap, unsigned long long);
	unsigned int v = va_arg(*ap, unsigned int);

	if (sp->len == -1)
		return (unsigned short)v;
	if (sp->len <= -2)
		return (unsigned char)v;
	return v;
}

static int64_t get_signed(const struct spec *sp, va_list *ap)
{
	if (sp->len >= 1)
		return sp->len == 1 ? va_arg(*ap, long) : va_arg(*ap, long long);
	int v = va_arg(*ap, int);

	if (sp->len == -1)
		return (short)v;
	if (sp->len <= -2)
		return (signed char)v;
	return v;
}

int uk_vformat(uk_format_sink_t sink, void *arg, const char *fmt, va_list ap0)
{
	struct fmt_out o = { sink, arg, 0 };
	va_list ap;

	va_copy(ap, ap0);
	while (*fmt) {
		const char *lit = fmt;
		struct spec sp = { .prec = -1 };
		char c;

		while (*fmt && *fmt != '%')
			fmt++;
		out(&o, lit, (size_t)(fmt - lit));
		if (!*fmt)
			break;
		fmt = parse_spec(fmt + 1, &sp, &ap);
		c = *fmt;
		/* C gives '+' and ' ' a meaning for signed conversions only. */
		if (c != 'd' && c != 'i')
			sp.plus = sp.space = false;
		switch (c) {
		case 'd':
		case 'i': {
			int64_t v = get_signed(&sp, &ap);

			emit_number(&o, &sp, v < 0 ? -(uint64_t)v : (uint64_t)v,
				    v < 0, 10, false);
			break;
		}
		case 'u':
			emit_number(&o, &sp, get_unsigned(&sp, &ap), false, 10, false);
			break;
		case 'x':
		case 'X':
			emit_number(&o, &sp, get_unsigned(&sp, &ap), false, 16,
				    c == 'X');
			break;
		case 'o':
			emit_number(&o, &sp, get_unsigned(&sp, &ap), false, 8, false);
			break;
		case 'p':
			sp.alt = sp.ptr = true;
			emit_number(&o, &sp, (uintptr_t)va_arg(ap, void *), false,
				    16, false);
			break;
		case 'c': {
			char ch = (char)va_arg(ap, int);

			sp.prec = -1;
			if (!sp.left)
				pad(&o, ' ', sp.width - 1);
			out(&o, &ch, 1);
			if (sp.left)
				pad(&o, ' ', sp.width - 1);
			break;
		}
		case 's':
			emit_string(&o, &sp, va_arg(ap, const char *));
			break;
		case '%':
			out(&o, "%", 1);
			break;
		case '\0':
			fmt--; /* a lone '%' at the end is dropped */
			break;
		default: /* unknown conversion: show it as written */
			out(&o, "%", 1);
			out(&o, &c, 1);
			break;
		}
		fmt++;
	}
	va_end(ap);
	return o.count;
}

struct buf_sink {
	char *buf;
	size_t size;
	size_t pos;
};

static void buf_sink(void *arg, const char *s, size_t n)
{
	struct buf_sink *b = arg;

	if (b->pos + 1 < b->size) {
		size_t room = b->size - 1 - b->pos;

		uk_memcpy(b->buf + b->pos, s, n < room ? n : room);
	}
	b->pos += n;
}

int uk_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct buf_sink b = { buf, size, 0 };
	int n = uk_vformat(buf_sink, &b, fmt, ap);

	if (size)
		buf[b.pos < size ? b.pos : size - 1] = '\0';
	return n;
}

int uk_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = uk_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

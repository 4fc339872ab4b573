/*
 * lib/ukboot/cmdline.c - splitting the kernel command line into tokens and
 * applying the libuk options among them (uk/cmdline.h).
 *
 * Everything works in place on the boot loader's copy of the command line:
 * this runs before any allocator exists, and string options keep pointing
 * into that buffer.
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <uk/cmdline.h>
#include <uk/param.h>
#include <ukbase/string.h>

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

/*
 * Copy the token that starts at 'r' to *wp without its quotes and escapes,
 * and terminate the copy. The write position never passes the read
 * position, so both may share one buffer. Returns where scanning resumes,
 * or NULL for an unterminated quote or a trailing backslash.
 */
static char *unquote(char *r, char **wp)
{
	char *w = *wp, *next;
	char quote = 0;

	for (;; r++) {
		char c = *r;

		if (c == '\0') {
			if (quote)
				return NULL;
			break;
		}
		if (!quote && is_blank(c))
			break;
		if (c == quote) {
			quote = 0;
			continue;
		}
		if (!quote && (c == '\'' || c == '"')) {
			quote = c;
			continue;
		}
		if (c == '\\' && quote != '\'') {
			c = *++r;
			if (c == '\0')
				return NULL;
		}
		*w++ = c;
	}
	/* Terminating the copy may overwrite *r (when w == r). */
	next = *r ? r + 1 : r;
	*w = '\0';
	*wp = w + 1;
	return next;
}

int uk_cmdline_split(char *buf, char **tokens, int max)
{
	char *r = buf, *w = buf;
	int n = 0;

	for (;;) {
		while (is_blank(*r))
			r++;
		if (*r == '\0')
			return n;
		if (n >= max)
			return -E2BIG;
		tokens[n++] = w;
		r = unquote(r, &w);
		if (!r)
			return -EINVAL;
	}
}

static const struct uk_param *find_param(const struct uk_param *first,
					 const struct uk_param *last,
					 const char *name, size_t len)
{
	for (const struct uk_param *p = first; p < last; p++) {
		if (uk_strncmp(p->name, name, len) == 0 && p->name[len] == '\0')
			return p;
	}
	return NULL;
}

static int apply_option(const char *tok, const struct uk_param *first,
			const struct uk_param *last,
			void (*warn)(const char *), struct uk_cmdline_result *res)
{
	const char *eq = uk_strchr(tok, '=');
	size_t len = eq ? (size_t)(eq - tok) : uk_strlen(tok);
	const struct uk_param *p = NULL;

	if (len == 0)
		goto bad;
	p = find_param(first, last, tok, len);
	if (!eq) {
		/*
		 * A bare word before "--" is either a boolean switch or an
		 * application argument that ended up on the wrong side:
		 * refuse the latter rather than boot with a lost argument.
		 */
		if (!p || p->set != uk_param_set_bool)
			goto bad;
		return p->set(p, "1");
	}
	if (!p) {
		/* Options of libraries that are not linked in are harmless. */
		if (warn)
			warn(tok);
		res->unknown++;
		return 0;
	}
	if (p->set(p, eq + 1) == 0)
		return 0;
bad:
	res->bad = tok;
	res->bad_param = p;
	return -EINVAL;
}

int uk_cmdline_apply(char **tokens, int ntok, const struct uk_param *first,
		     const struct uk_param *last,
		     void (*warn)(const char *unknown_token),
		     struct uk_cmdline_result *res)
{
	struct uk_cmdline_result ignored;
	int sep;

	if (!res)
		res = &ignored;
	res->app_first = 0;
	res->unknown = 0;
	res->bad = NULL;
	res->bad_param = NULL;

	for (sep = 0; sep < ntok; sep++) {
		if (uk_strcmp(tokens[sep], "--") == 0)
			break;
	}
	if (sep == ntok)
		return 0;
	res->app_first = sep + 1;
	for (int i = 0; i < sep; i++) {
		if (apply_option(tokens[i], first, last, warn, res) < 0)
			return -EINVAL;
	}
	return 0;
}

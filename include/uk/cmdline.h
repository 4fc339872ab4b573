/*
 * uk/cmdline.h - splitting the kernel command line into libuk options and
 * the application's argv.
 *
 * Syntax: tokens separated by blanks (space, tab, newline); a token may
 * contain '...' or "..." quoted parts (quotes are removed, blanks inside
 * them kept) and backslash escapes outside single quotes. A "--" token
 * separates libuk options (before) from the application's arguments (after).
 * Without "--", every token belongs to the application.
 */
#ifndef UK_CMDLINE_H
#define UK_CMDLINE_H

#include <stddef.h>
#include <uk/param.h>

/*
 * Split 'buf' in place (it is modified) into at most 'max' tokens stored in
 * 'tokens'. Returns the token count, -E2BIG when there are more than 'max'
 * tokens, or -EINVAL for an unterminated quote or a trailing backslash.
 */
int uk_cmdline_split(char *buf, char **tokens, int max);

/*
 * Result of uk_cmdline_apply: 'bad' points at the offending token when the
 * return value is negative.
 */
struct uk_cmdline_result {
	int app_first;        /* index of the first application argument */
	int unknown;          /* count of unknown options (warned, ignored) */
	const char *bad;      /* malformed token, or NULL */
	const struct uk_param *bad_param; /* its parameter, if known */
};

/*
 * Apply the options among tokens[0..ntok) that precede "--" using the
 * parameters in [first, last). Unknown names are reported through 'warn' (if
 * non-NULL) and skipped. A token that is not "name=value" (other than a
 * boolean's bare name), or a value its parameter rejects, stops the parse:
 * returns -EINVAL with res->bad set. Returns 0 otherwise.
 */
int uk_cmdline_apply(char **tokens, int ntok, const struct uk_param *first,
		     const struct uk_param *last,
		     void (*warn)(const char *unknown_token),
		     struct uk_cmdline_result *res);

#endif /* UK_CMDLINE_H */

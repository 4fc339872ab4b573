/*
 * uk/param.h - libuk boot options ("uk.<name>=<value>" on the kernel
 * command line, before "--").
 *
 * A library declares an option with UK_PARAM_*; the declaration lands in the
 * .uk_params linker section, so the option exists exactly when the library
 * is linked. Options are applied before the first init step runs.
 */
#ifndef UK_PARAM_H
#define UK_PARAM_H

#include <stdint.h>
#include <uk/essentials.h>

struct uk_param;

/* Parse 'value' into p->dest; 0 or -EINVAL (the value is malformed). */
typedef int (*uk_param_set_t)(const struct uk_param *p, const char *value);

struct uk_param {
	const char *name;      /* full name, e.g. "uk.loglevel" */
	uk_param_set_t set;
	void *dest;
	const char *expect;    /* what a valid value looks like, for messages */
	const char *const *choices; /* for enum parameters: NULL-terminated */
};

int uk_param_set_u64(const struct uk_param *p, const char *value);
int uk_param_set_bool(const struct uk_param *p, const char *value);
int uk_param_set_str(const struct uk_param *p, const char *value);
int uk_param_set_enum(const struct uk_param *p, const char *value);

#define UK_PARAM_DEFINE_(id, nm, fn, dst, exp, ch)                          \
	static const struct uk_param UK_CONCAT(uk_param_, id)               \
	    UK_USED UK_SECTION(".uk_params") UK_ALIGNED(8) =                 \
		{ (nm), (fn), (dst), (exp), (ch) }

/* uint64_t *dst; decimal, 0x hex or 0 octal. */
#define UK_PARAM_U64(id, name, dst) \
	UK_PARAM_DEFINE_(id, name, uk_param_set_u64, dst, "an unsigned integer", 0)
/* _Bool *dst; 1/0, true/false, yes/no, on/off; the bare name means true. */
#define UK_PARAM_BOOL(id, name, dst) \
	UK_PARAM_DEFINE_(id, name, uk_param_set_bool, dst, "a boolean", 0)
/* const char **dst; points into the command line buffer. */
#define UK_PARAM_STR(id, name, dst) \
	UK_PARAM_DEFINE_(id, name, uk_param_set_str, dst, "a string", 0)
/* int *dst gets the index of the value in 'choices' (NULL-terminated). */
#define UK_PARAM_ENUM(id, name, dst, choices, expect) \
	UK_PARAM_DEFINE_(id, name, uk_param_set_enum, dst, expect, choices)

#endif /* UK_PARAM_H */

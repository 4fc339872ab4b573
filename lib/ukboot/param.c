/*
 * lib/ukboot/param.c - the value parsers behind UK_PARAM_* (uk/param.h) and
 * libuk's own boot option uk.loglevel.
 *
 * A setter either stores a value or leaves its destination untouched and
 * returns -EINVAL: the boot stops on a bad option, and the default must still
 * be in place for the message that says so.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <uk/param.h>
#include <uk/print.h>
#include <ukbase/string.h>

int uk_param_set_u64(const struct uk_param *p, const char *value)
{
	uint64_t v;

	if (uk_parse_u64(value, uk_strlen(value), 0, &v) < 0)
		return -EINVAL;
	*(uint64_t *)p->dest = v;
	return 0;
}

/* Spellings are case-sensitive, like every other option value. */
static const char *const bool_true[] = { "1", "true", "yes", "on", NULL };
static const char *const bool_false[] = { "0", "false", "no", "off", NULL };

static int choice_index(const char *const *choices, const char *value)
{
	for (int i = 0; choices && choices[i]; i++) {
		if (uk_strcmp(choices[i], value) == 0)
			return i;
	}
	return -1;
}

int uk_param_set_bool(const struct uk_param *p, const char *value)
{
	if (choice_index(bool_true, value) >= 0)
		*(bool *)p->dest = true;
	else if (choice_index(bool_false, value) >= 0)
		*(bool *)p->dest = false;
	else
		return -EINVAL;
	return 0;
}

int uk_param_set_str(const struct uk_param *p, const char *value)
{
	*(const char **)p->dest = value;
	return 0;
}

int uk_param_set_enum(const struct uk_param *p, const char *value)
{
	int i = choice_index(p->choices, value);

	if (i < 0)
		return -EINVAL;
	*(int *)p->dest = i;
	return 0;
}

/* The choice index is the log level, so the names follow UK_LOG_* order. */
static const char *const loglevel_names[] = {
	"crit", "err", "warn", "info", "debug", NULL
};
_Static_assert(UK_LOG_CRIT == 0 && UK_LOG_ERR == 1 && UK_LOG_WARN == 2 &&
		       UK_LOG_INFO == 3 && UK_LOG_DEBUG == 4,
	       "loglevel_names must follow the UK_LOG_* values");
_Static_assert(UK_ARRAY_SIZE(loglevel_names) == UK_LOG_DEBUG + 2,
	       "one name per log level");

UK_PARAM_ENUM(loglevel, "uk.loglevel", &uk_loglevel, loglevel_names,
	      "one of crit, err, warn, info, debug");

/*
 * tests/guest/inittab.c - the boot-time init table: steps registered from
 * anywhere (here, the application itself) run before main, ordered by class
 * and then by name; the page allocator's step is linked even though this
 * program never calls into the allocator (registration-only linking).
 */
#include <errno.h>
#include <uk/init.h>
#include "str.h"
#include "tap.h"

static int order;
static int early_pos, late_pos, late2_pos;

/* Names sort opposite to classes, so name order alone would be wrong. */
static int zz_test_early(void)
{
	early_pos = ++order;
	return 0;
}
UK_INIT(zz_test_early, UK_INIT_CLASS_EARLY);

static int aa_test_late(void)
{
	late_pos = ++order;
	return 0;
}
UK_INIT(aa_test_late, UK_INIT_CLASS_LATE);

static int ab_test_late(void)
{
	late2_pos = ++order;
	return 0;
}
UK_INIT(ab_test_late, UK_INIT_CLASS_LATE);

static int find(const char *name)
{
	for (unsigned int i = 0; i < uk_init_done_count(); i++) {
		if (str_eq(uk_init_done_name(i), name))
			return (int)i;
	}
	return -1;
}

int main(void)
{
	int pages = find("uk_pages_init");

	tap_ok(early_pos == 1, "class EARLY step ran first (position %d)", early_pos);
	tap_ok(late_pos == 2 && late2_pos == 3,
	       "class LATE steps ran after it, by name (positions %d, %d)",
	       late_pos, late2_pos);
	tap_ok(pages >= 0, "the page allocator's init step ran without any call into it");
	tap_ok(pages > find("zz_test_early") && pages < find("aa_test_late"),
	       "the MEMORY class step ran between EARLY and LATE");
	tap_ok(uk_init_done_name(uk_init_done_count()) == NULL,
	       "no name past the last step");
	return tap_done();
}

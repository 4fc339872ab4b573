/*
 * tests/unit/unit_run.h - the main of every host unit test: run the check
 * runner's suites, report, and turn the failure count into the exit status
 * automake's test driver reads.
 */
#ifndef UNIT_RUN_H
#define UNIT_RUN_H

#include <check.h>
#include <stdbool.h>
#include <stdlib.h>

/*
 * Run every suite of 'sr' and free it. fork_each: each test in a process
 * of its own whatever CK_FORK says (for code with global state); otherwise
 * check's default applies.
 */
static inline int unit_run(SRunner *sr, bool fork_each)
{
	int failed;

	if (fork_each)
		srunner_set_fork_status(sr, CK_FORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif /* UNIT_RUN_H */

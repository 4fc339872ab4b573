/*
 * tests/unit/fake_alloc.h - uk/alloc.h for host unit tests: the host's
 * malloc, counting the blocks not yet freed (fake_alloc_live) so that a
 * test can prove it leaks nothing. Defines the functions: include it in
 * one file of a test program.
 */
#ifndef TESTS_FAKE_ALLOC_H
#define TESTS_FAKE_ALLOC_H

#include <stdlib.h>
#include <uk/alloc.h>

static long fake_alloc_live;

void *uk_malloc(size_t size)
{
	void *p = malloc(size);

	fake_alloc_live += p != NULL;
	return p;
}

void *uk_calloc(size_t n, size_t size)
{
	void *p = calloc(n, size);

	fake_alloc_live += p != NULL;
	return p;
}

void uk_free(void *p)
{
	fake_alloc_live -= p != NULL;
	free(p);
}

#endif /* TESTS_FAKE_ALLOC_H */

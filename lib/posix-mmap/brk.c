/*
 * lib/posix-mmap/brk.c - the brk system call: a program break that never
 * moves.
 *
 * Linux's brk returns the new break on success and the current one when it
 * cannot grow; it never returns an errno. Here it always "cannot grow": the
 * break stays at the first page boundary after the kernel image, and every
 * request returns it. Why not a brk area:
 * - musl's own brk() and sbrk(n != 0) fail with ENOMEM without asking the
 *   kernel, so only musl's malloc internals (mallocng's metadata areas,
 *   the small malloc's heap) make the system call, and both fall back to
 *   mmap when the break does not move, as they must on Linux too;
 * - with no paging, a brk area would have to be physical memory set aside
 *   up front, lost to mmap, which is where musl puts nearly everything.
 * So memory stays in one pool, and a guest with -m 2M keeps all of it.
 */
#include "posix_mmap.h"
#include <uk/essentials.h>
#include <uk/plat.h>
#include <uk/syscall.h>

UK_SYSCALL_DEFINE1(brk, unsigned long, addr)
{
	return (long)UK_ALIGN_UP((uintptr_t)__uk_image_end, UK_PAGE_SIZE);
}

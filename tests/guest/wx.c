/*
 * tests/guest/wx.c - page protections seen by an application (W^X): the
 * image's text and read-only data are read-only, and nothing but text is
 * executable. argv[1] picks one case:
 *
 *   text, rodata            write to a function's code / to a const object
 *   nx-data, nx-bss,        call a `ret` instruction copied into a buffer
 *   nx-stack, nx-heap       in .data, .bss, on the stack, from malloc
 *
 * Every fault case prints "wx: target 0x..." (the address that must
 * fault, for the script to compare with CR2) and must never reach
 * "wx: survived".
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RET 0xc3 /* x86_64 near return */

typedef void (*fn_t)(void);

static const int rodata_value = 42;
static unsigned char data_buf[64] = { RET };
static unsigned char bss_buf[64];
static volatile int sink;

__attribute__((noinline, noipa)) static void victim(void)
{
	sink++;
}

static void target(const volatile void *p)
{
	printf("wx: target %#lx\n", (unsigned long)(uintptr_t)p);
	fflush(stdout);
}

__attribute__((noinline, noipa)) static void write_at(volatile unsigned char *p)
{
	target(p);
	*p = RET;
}

__attribute__((noinline, noipa)) static void call_at(unsigned char *p)
{
	target(p);
	((fn_t)(uintptr_t)p)();
}

static int fault_case(const char *what)
{
	unsigned char stack_buf[64];
	unsigned char *p;

	if (!strcmp(what, "text")) {
		write_at((volatile unsigned char *)(uintptr_t)victim);
	} else if (!strcmp(what, "rodata")) {
		write_at((volatile unsigned char *)(uintptr_t)&rodata_value);
	} else if (!strcmp(what, "nx-data")) {
		call_at(data_buf);
	} else if (!strcmp(what, "nx-bss")) {
		bss_buf[0] = RET;
		call_at(bss_buf);
	} else if (!strcmp(what, "nx-stack")) {
		stack_buf[0] = RET;
		call_at(stack_buf);
	} else if (!strcmp(what, "nx-heap")) {
		p = malloc(64);
		p[0] = RET;
		call_at(p);
	} else {
		printf("wx: unknown case '%s'\n", what);
		return 2;
	}
	printf("wx: survived\n");
	return 3;
}

int main(int argc, char *argv[])
{
	return fault_case(argc > 1 ? argv[1] : "");
}

/*
 * tests/guest/excstack.c - overflow the stack that exceptions and system
 * calls run on (arm64: SP_EL1). Signal handlers run inside the kill that
 * delivers them, so a handler that recurses deeply enough runs off that
 * stack; the report must still appear (from the emergency stack), with
 * the fault status, instead of a hang or a silent reset.
 */
#include <signal.h>
#include <stdio.h>

static volatile unsigned long sink;

__attribute__((noinline, noipa)) static unsigned long deep(unsigned int n)
{
	volatile unsigned char frame[512];

	frame[0] = (unsigned char)n;
	if (n == 0)
		return frame[0];
	return deep(n - 1) + frame[0];
}

static void handler(int sig)
{
	(void)sig;
	sink = deep(1024); /* 512 KiB and more */
}

int main(void)
{
	printf("excstack: recursing in a signal handler\n");
	fflush(stdout);
	signal(SIGUSR1, handler);
	raise(SIGUSR1);
	printf("excstack: survived (unexpected)\n");
	return 3;
}

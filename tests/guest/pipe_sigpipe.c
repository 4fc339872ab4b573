/*
 * tests/guest/pipe_sigpipe.c - SIGPIPE's default action: writing to a
 * pipe whose read end is closed ends the program with status 141
 * (128 + SIGPIPE) and a console line naming the signal; pipe.sh checks.
 */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	int p[2];

	setvbuf(stdout, NULL, _IONBF, 0);
	if (pipe(p) != 0) {
		printf("pipe_sigpipe: unexpected: pipe failed\n");
		return 1;
	}
	close(p[0]);
	printf("pipe_sigpipe: writing to a pipe without a reader\n");
	write(p[1], "x", 1);
	printf("pipe_sigpipe: unexpected: still running after the write\n");
	return 1;
}

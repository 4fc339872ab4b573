/*
 * tests/guest/console_in.c - reading the console through stdio, as a
 * program does on a Linux serial tty: console_in.sh feeds
 *   "hello world\r", "abx<DEL>c\n", "junk<^U>kept\n", "last^D", then ^D
 * and this program checks each line, then end of file (with echo turned
 * off through tcsetattr first).
 */
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static int count, failed;

static void check(int cond, const char *what, const char *got)
{
	char shown[64];
	size_t n = 0;

	/* One TAP line per check: show a newline in 'got' as \n. */
	for (; *got && n < sizeof(shown) - 3; got++) {
		if (*got == '\n') {
			shown[n++] = '\\';
			shown[n++] = 'n';
		} else {
			shown[n++] = *got;
		}
	}
	shown[n] = 0;
	count++;
	failed += !cond;
	printf("%sok %d - %s (got \"%s\")\n", cond ? "" : "not ", count, what, shown);
}

int main(void)
{
	char buf[128];
	struct termios t;

	check(isatty(0) && tcgetattr(0, &t) == 0 && (t.c_lflag & ICANON) &&
	      (t.c_lflag & ECHO) && (t.c_iflag & ICRNL),
	      "stdin is a canonical, echoing tty with ICRNL", "");
	/* Echo off, so typed-in text does not run into the TAP lines. */
	t.c_lflag &= ~(tcflag_t)ECHO;
	check(tcsetattr(0, TCSANOW, &t) == 0 && tcgetattr(0, &t) == 0 &&
	      !(t.c_lflag & ECHO), "tcsetattr turns echo off", "");
	check(fgets(buf, sizeof(buf), stdin) && !strcmp(buf, "hello world\n"),
	      "carriage return becomes newline (ICRNL)", buf);
	check(fgets(buf, sizeof(buf), stdin) && !strcmp(buf, "abc\n"),
	      "erase removes the previous character", buf);
	check(fgets(buf, sizeof(buf), stdin) && !strcmp(buf, "kept\n"),
	      "kill removes the whole line", buf);
	check(read(0, buf, sizeof(buf)) == 4 && !memcmp(buf, "last", 4),
	      "^D ends a line without a newline", "last");
	check(read(0, buf, sizeof(buf)) == 0, "^D on an empty line is end of file", "");
	printf("1..%d\n", count);
	return failed != 0;
}

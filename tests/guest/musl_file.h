/*
 * tests/guest/musl_file.h - file helpers for guest tests that run on musl
 * (header-only; static functions).
 */
#ifndef GUEST_MUSL_FILE_H
#define GUEST_MUSL_FILE_H

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

/* Whether the file at 'path' holds exactly 'want' (at most 255 bytes). */
static int __attribute__((unused)) contents_are(const char *path, const char *want)
{
	char buf[256];
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf));
	close(fd);
	return n == (ssize_t)strlen(want) && !memcmp(buf, want, (size_t)n);
}

#endif /* GUEST_MUSL_FILE_H */

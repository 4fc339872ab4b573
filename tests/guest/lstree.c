/*
 * tests/guest/lstree.c - prints what each path named in argv is, one line
 * per file, walking directories in name order:
 *   dir PATH MODE, file PATH MODE SIZE "first line", link PATH -> TARGET,
 *   missing PATH.
 * Also prints its environment's UKTEST variable. ukrun.sh checks ukrun's
 * directory shares and command-line options with it.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static void show(const char *path)
{
	struct stat st;
	char buf[256];

	if (lstat(path, &st) < 0) {
		printf("missing %s\n", path);
		return;
	}
	if (S_ISLNK(st.st_mode)) {
		ssize_t n = readlink(path, buf, sizeof(buf) - 1);

		buf[n < 0 ? 0 : n] = '\0';
		printf("link %s -> %s\n", path, buf);
	} else if (S_ISREG(st.st_mode)) {
		FILE *f = fopen(path, "r");

		buf[0] = '\0';
		if (f) {
			if (!fgets(buf, sizeof(buf), f))
				buf[0] = '\0';
			fclose(f);
		}
		buf[strcspn(buf, "\n")] = '\0';
		printf("file %s %o %lld \"%s\"\n", path, (unsigned)(st.st_mode & 07777),
		       (long long)st.st_size, buf);
	} else if (S_ISDIR(st.st_mode)) {
		struct dirent **names;
		int n;

		printf("dir %s %o\n", path, (unsigned)(st.st_mode & 07777));
		n = scandir(path, &names, NULL, by_name);
		for (int i = 0; i < n; i++) {
			char sub[512];

			if (strcmp(names[i]->d_name, ".") && strcmp(names[i]->d_name, "..")) {
				snprintf(sub, sizeof(sub), "%s/%s", strcmp(path, "/") ? path : "",
					 names[i]->d_name);
				show(sub);
			}
			free(names[i]);
		}
		if (n >= 0)
			free(names);
	} else {
		printf("other %s\n", path);
	}
}

int main(int argc, char *argv[])
{
	const char *env = getenv("UKTEST");

	printf("UKTEST=%s\n", env ? env : "(unset)");
	for (int i = 1; i < argc; i++)
		show(argv[i]);
	printf("lstree: done\n");
	return 0;
}

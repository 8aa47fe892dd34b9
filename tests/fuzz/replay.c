/* replay.c - runs a fuzz harness over its committed corpus without
 * libFuzzer, for `make check`: every file of FUZZ_CORPUS once, in name
 * order, under the sanitizers of the build. Prints one TAP line; a crash, a
 * sanitizer report or a harness's abort fails it. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int replay(const char *dir, const char *name)
{
	char path[1024];
	unsigned char *data;
	long size;
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	if (!(f = fopen(path, "rb")) || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0) {
		fprintf(stderr, "replay: cannot read %s\n", path);
		if (f)
			fclose(f);
		return -1;
	}
	rewind(f);
	data = malloc((size_t)size + 1);
	if (!data || fread(data, 1, (size_t)size, f) != (size_t)size) {
		fprintf(stderr, "replay: cannot read %s\n", path);
		free(data);
		fclose(f);
		return -1;
	}
	fclose(f);
	LLVMFuzzerTestOneInput(data, (size_t)size);
	free(data);
	return 0;
}

int main(int argc, char **argv)
{
	const char *dir = FUZZ_CORPUS;
	struct dirent **names;
	int n, done = 0, failed = 0;

	(void)argc;
	if (LLVMFuzzerInitialize(&argc, &argv) != 0) {
		printf("not ok 1 - %s: the harness cannot start\n", FUZZ_NAME);
		return 1;
	}
	n = scandir(dir, &names, NULL, by_name);
	if (n < 0) {
		printf("not ok 1 - %s: no corpus at %s\n", FUZZ_NAME, dir);
		return 1;
	}
	for (int i = 0; i < n; i++) {
		if (names[i]->d_name[0] != '.') {
			failed += replay(dir, names[i]->d_name) != 0;
			done++;
		}
		free(names[i]);
	}
	free(names);
	fuzz_cleanup();
	printf("%s 1 - %s: %d inputs of %s replayed\n", failed || !done ? "not ok" : "ok", FUZZ_NAME, done, dir);
	return failed || !done;
}

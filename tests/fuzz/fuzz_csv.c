/* fuzz_csv.c - the CSV readers on any bytes: the arrival notices' reader
 * (tandem import arrivals, POST /api/v1/arrivals as text/csv) and the
 * record reader under it. Either reads a file or says why not; a record it
 * reads, written out again, reads back the same. */
#include <stdlib.h>
#include <string.h>

#include "../../src/domain/arrivals.h"
#include "../../src/lib/arena.h"
#include "../../src/lib/buf.h"
#include "../../src/lib/csv.h"
#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

void fuzz_cleanup(void)
{
}

/* rec written by csv_write and read again is rec. */
static void round_trip(struct arena *a, const struct csv_record *rec)
{
	struct csv_reader r;
	struct csv_record back;
	struct tandem_err e;
	struct buf b;

	buf_init(&b, 1 << 24);
	if (csv_write(&b, (const char *const *)rec->fields, rec->n) == 0) {
		csv_reader_init(&r, b.data, b.len);
		/* A record of one empty field is an empty line, which is skipped. */
		if (csv_read(&r, a, &back, &e) != 1) {
			if (!(rec->n == 1 && rec->fields[0][0] == '\0'))
				abort();
		} else if (back.n != rec->n) {
			abort();
		} else {
			for (size_t i = 0; i < rec->n; i++)
				if (strcmp(back.fields[i], rec->fields[i]) != 0)
					abort();
		}
	}
	buf_free(&b);
}

static void records(const char *text, size_t len)
{
	struct arena *a = arena_new();
	struct csv_reader r;
	struct csv_record rec;
	struct tandem_err e;
	int rc;

	if (!a)
		return;
	csv_reader_init(&r, text, len);
	/* A record with broken quoting is skipped, and reading goes on. */
	while ((rc = csv_read(&r, a, &rec, &e)) != 0 && rc != TANDEM_ENOMEM)
		if (rc == 1)
			round_trip(a, &rec);
	arena_free(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	struct arrivals_row *rows;
	struct tandem_err e;
	size_t n = 0;

	if (!a)
		return 0;
	records((const char *)data, size);
	if (arrivals_read_csv((const char *)data, size, a, &rows, &n, &e) == 0 && n > size + 1)
		abort();
	arena_free(a);
	return 0;
}

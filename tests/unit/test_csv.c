/* test_csv.c - the RFC 4180 reader and writer: quoting, line breaks of both
 * kinds inside and between records, the byte-order mark, broken quoting
 * named by its line, and what the writer writes read back the same. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/lib/arena.h"
#include "../../src/lib/buf.h"
#include "../../src/lib/csv.h"
#include "../../src/lib/err.h"

static int setup(void **state)
{
	*state = arena_new();
	return *state ? 0 : -1;
}

static int teardown(void **state)
{
	arena_free(*state);
	return 0;
}

static void read_one(struct arena *a, struct csv_reader *r, struct csv_record *rec)
{
	struct tandem_err e = {0};

	assert_int_equal(csv_read(r, a, rec, &e), 1);
}

static void test_fields_plain_quoted_and_empty(void **state)
{
	const char *t = "id,name,note\n1,\"Family doctor, Hamilton\",\n2,\"She said \"\"hi\"\"\",x";
	struct csv_reader r;
	struct csv_record rec;
	struct tandem_err e = {0};

	csv_reader_init(&r, t, strlen(t));
	read_one(*state, &r, &rec);
	assert_int_equal(rec.n, 3);
	assert_string_equal(rec.fields[2], "note");
	read_one(*state, &r, &rec);
	assert_int_equal(rec.line, 2);
	assert_string_equal(rec.fields[1], "Family doctor, Hamilton");
	assert_string_equal(rec.fields[2], "");
	read_one(*state, &r, &rec);
	assert_string_equal(rec.fields[1], "She said \"hi\"");
	assert_string_equal(rec.fields[2], "x");
	assert_int_equal(csv_read(&r, *state, &rec, &e), 0);
}

static void test_crlf_bom_and_quoted_line_breaks_keep_line_numbers(void **state)
{
	const char *t = "\xEF\xBB\xBFid,description\r\n1,\"line one\r\nline two\nline three\"\r\n\r\n2,after\r\n";
	struct csv_reader r;
	struct csv_record rec;
	struct tandem_err e = {0};

	csv_reader_init(&r, t, strlen(t));
	read_one(*state, &r, &rec);
	assert_string_equal(rec.fields[0], "id");
	read_one(*state, &r, &rec);
	assert_int_equal(rec.line, 2);
	assert_string_equal(rec.fields[1], "line one\r\nline two\nline three");
	read_one(*state, &r, &rec);
	assert_int_equal(rec.line, 6);
	assert_string_equal(rec.fields[1], "after");
	assert_int_equal(csv_read(&r, *state, &rec, &e), 0);
}

/* Lines ended by a CR alone, as old spreadsheets on the Mac wrote them. */
static void test_a_cr_alone_ends_a_line(void **state)
{
	const char *t = "id,name\r1,a\r2,b\r";
	struct csv_reader r;
	struct csv_record rec;
	struct tandem_err e = {0};

	csv_reader_init(&r, t, strlen(t));
	read_one(*state, &r, &rec);
	assert_int_equal(rec.n, 2);
	read_one(*state, &r, &rec);
	assert_int_equal(rec.line, 2);
	assert_string_equal(rec.fields[1], "a");
	read_one(*state, &r, &rec);
	assert_int_equal(rec.line, 3);
	assert_string_equal(rec.fields[0], "2");
	assert_int_equal(csv_read(&r, *state, &rec, &e), 0);
}

static void test_broken_quoting_names_the_line_and_reading_goes_on(void **state)
{
	const char *t = "id,name\n1,ab\"c\n2,\"ok\"x\n3,fine\n4,\"never closed\n5,gone\n";
	struct csv_reader r;
	struct csv_record rec;
	struct tandem_err e = {0};

	csv_reader_init(&r, t, strlen(t));
	read_one(*state, &r, &rec);
	assert_int_equal(csv_read(&r, *state, &rec, &e), TANDEM_EINVAL);
	assert_int_equal(rec.line, 2);
	assert_non_null(strstr(e.msg, "a quote inside a field"));
	assert_int_equal(csv_read(&r, *state, &rec, &e), TANDEM_EINVAL);
	assert_int_equal(rec.line, 3);
	assert_non_null(strstr(e.msg, "after a closing quote"));
	read_one(*state, &r, &rec);
	assert_int_equal(rec.line, 4);
	assert_string_equal(rec.fields[1], "fine");
	assert_int_equal(csv_read(&r, *state, &rec, &e), TANDEM_EINVAL);
	assert_int_equal(rec.line, 5);
	assert_non_null(strstr(e.msg, "never closed"));
	assert_int_equal(csv_read(&r, *state, &rec, &e), 0);
}

static void test_written_records_read_back_the_same(void **state)
{
	const char *row[] = { "1", "a, b", "say \"x\"", "two\r\nlines", NULL, "  spaced ", "عربي" };
	struct buf b;
	struct csv_reader r;
	struct csv_record rec;

	buf_init(&b, 1 << 16);
	assert_int_equal(csv_write(&b, row, 7), 0);
	assert_string_equal(b.data, "1,\"a, b\",\"say \"\"x\"\"\",\"two\r\nlines\",,  spaced ,عربي\r\n");
	csv_reader_init(&r, b.data, b.len);
	read_one(*state, &r, &rec);
	assert_int_equal(rec.n, 7);
	for (size_t i = 0; i < 7; i++)
		assert_string_equal(rec.fields[i], row[i] ? row[i] : "");
	buf_free(&b);
}

/* Found by fuzzing: a first field that starts with a byte-order mark lost
 * the mark when read back, the reader taking it for the file's. */
static void test_a_field_starting_with_a_bom_reads_back_with_it(void **state)
{
	const char *row[] = { "\xEF\xBB\xBFrer", "x" };
	struct buf b;
	struct csv_reader r;
	struct csv_record rec;

	buf_init(&b, 1 << 16);
	assert_int_equal(csv_write(&b, row, 2), 0);
	csv_reader_init(&r, b.data, b.len);
	read_one(*state, &r, &rec);
	assert_int_equal(rec.n, 2);
	assert_string_equal(rec.fields[0], row[0]);
	buf_free(&b);
}

static void test_writer_stops_at_the_buffers_maximum(void **state)
{
	const char *row[] = { "0123456789" };
	struct buf b;

	(void)state;
	buf_init(&b, 8);
	assert_int_equal(csv_write(&b, row, 1), TANDEM_ETOOBIG);
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_fields_plain_quoted_and_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_crlf_bom_and_quoted_line_breaks_keep_line_numbers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_cr_alone_ends_a_line, setup, teardown),
		cmocka_unit_test_setup_teardown(test_broken_quoting_names_the_line_and_reading_goes_on, setup, teardown),
		cmocka_unit_test_setup_teardown(test_written_records_read_back_the_same, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_field_starting_with_a_bom_reads_back_with_it, setup, teardown),
		cmocka_unit_test_setup_teardown(test_writer_stops_at_the_buffers_maximum, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

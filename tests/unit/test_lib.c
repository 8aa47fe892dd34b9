/* test_lib.c - the small helpers: UTF-8, numbers, e-mail, dates, arenas,
 * bounded buffers, the slots that bound sign-ins' password checks and the
 * iCalendar writer's lines. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "../../src/lib/arena.h"
#include "../../src/lib/buf.h"
#include "../../src/lib/clock.h"
#include "../../src/lib/err.h"
#include "../../src/lib/ical.h"
#include "../../src/lib/slots.h"
#include "../../src/lib/text.h"

static void test_utf8_accepts_text_in_every_script_we_serve(void **state)
{
	const char *ok[] = { "", "Haddad", "مرحبا", "ሰላም", "Привіт", "García", "\xF0\x9F\x98\x80" };

	(void)state;
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
		assert_true(text_utf8_valid(ok[i], strlen(ok[i])));
}

/* A message cut by a byte count mid-character is cut back to the last whole
 * one; whole text is left as it is. */
static void test_utf8_trim_drops_a_character_cut_in_half(void **state)
{
	char cut[] = "\"\xd8\xb3\xd9", whole[] = "ti \xd8\xb3", bad[] = "\xff";

	(void)state;
	text_utf8_trim(cut);
	assert_string_equal(cut, "\"\xd8\xb3");
	text_utf8_trim(whole);
	assert_string_equal(whole, "ti \xd8\xb3");
	text_utf8_trim(bad);
	assert_string_equal(bad, "");
}

static void test_utf8_refuses_malformed_sequences(void **state)
{
	const char *bad[] = {
		"\xff", "\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xc3", "a\x80",
	};

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_false(text_utf8_valid(bad[i], strlen(bad[i])));
}

static void test_ids_are_positive_whole_numbers_only(void **state)
{
	int64_t id;
	long v;

	(void)state;
	assert_true(text_parse_id("42", &id));
	assert_int_equal(id, 42);
	assert_false(text_parse_id("0", &id));
	assert_false(text_parse_id("-1", &id));
	assert_false(text_parse_id("12a", &id));
	assert_false(text_parse_id("", &id));
	assert_false(text_parse_id(NULL, &id));
	assert_false(text_parse_id("99999999999999999999", &id));
	assert_false(text_parse_id("1 OR 1=1", &id));
	assert_true(text_parse_int("200", 1, 200, &v));
	assert_false(text_parse_int("201", 1, 200, &v));
}

/* Blank is any run of spaces, the pasted kinds too; a letter is not. */
static void test_blank_text_is_only_spaces_of_any_kind(void **state)
{
	(void)state;
	assert_true(text_blank(""));
	assert_true(text_blank(" \t\n"));
	assert_true(text_blank("\xc2\xa0\xe3\x80\x80\xe2\x80\x89"));
	assert_false(text_blank(" a "));
	assert_false(text_blank("\xd8\xb9"));
	assert_false(text_blank("\xe2\x80\x8b"));   /* a zero-width space is not one of these */
}

static void test_email_addresses(void **state)
{
	(void)state;
	assert_true(text_email_valid("amira@harbourfront.example"));
	assert_false(text_email_valid("amira"));
	assert_false(text_email_valid("@x.org"));
	assert_false(text_email_valid("a@b"));
	assert_false(text_email_valid("a b@c.org"));
	assert_false(text_email_valid("a@b@c.org"));
}

/* translate() on PostgreSQL needs one letter for one letter. */
static size_t code_points(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static void test_searches_fold_capitals_and_accents_and_keep_other_scripts(void **state)
{
	static const char *const cases[][2] = {
		{"Éléonore Côté", "eleonore cote"}, {"ŁUKASZ Şahin-Țurcanu", "lukasz sahin-turcanu"},
		{"Amira@Harbourfront.EXAMPLE", "amira@harbourfront.example"}, {"أميرة حداد", "أميرة حداد"},
		{"Ørsted ÿ Œ", "orsted y Œ"}, {"", ""},
	};
	char out[64];

	(void)state;
	assert_int_equal(code_points(TEXT_FOLD_FROM), code_points(TEXT_FOLD_TO));
	assert_int_equal(strlen(TEXT_FOLD_TO), code_points(TEXT_FOLD_TO));
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		text_fold(cases[i][0], out);
		assert_string_equal(out, cases[i][1]);
	}
}

static void test_dates_are_real_calendar_dates(void **state)
{
	int64_t d;
	char out[CLOCK_DATE_LEN];

	(void)state;
	assert_true(clock_date_parse("2024-02-29", &d));
	clock_date_format(d, out);
	assert_string_equal(out, "2024-02-29");
	assert_false(clock_date_parse("2023-02-29", NULL));
	assert_false(clock_date_parse("2026-13-01", NULL));
	assert_false(clock_date_parse("2026-1-01", NULL));
	assert_false(clock_date_parse("2026-01-01x", NULL));
	/* Digits only, in their places: no sign, no space, no other separator. */
	assert_false(clock_date_parse("2026-+1-01", NULL));
	assert_false(clock_date_parse("2026- 1-01", NULL));
	assert_false(clock_date_parse("2026-01- 1", NULL));
	assert_false(clock_date_parse("2026/01/01", NULL));
	assert_false(clock_date_parse("2026-04-31", NULL));
	assert_false(clock_date_parse("1899-12-31", NULL));
	assert_false(clock_date_parse("", NULL));
	assert_true(clock_date_parse("2000-02-29", NULL));
	assert_false(clock_date_parse("2100-02-29", NULL));
	assert_true(clock_date_parse("1970-01-01", &d));
	assert_int_equal(d, 0);
	clock_date_format(20415, out);
	assert_string_equal(out, "2025-11-23");
}

/* Weeks run Monday to Sunday, before 1970 too. */
static void test_a_day_falls_in_the_week_of_its_monday(void **state)
{
	static const char *const days[][2] = {
		{ "2026-12-05", "2026-11-30" }, { "2026-11-30", "2026-11-30" }, { "2026-12-06", "2026-11-30" },
		{ "1970-01-01", "1969-12-29" }, { "1969-12-28", "1969-12-22" }, { "2024-03-03", "2024-02-26" },
	};
	char out[CLOCK_DATE_LEN];
	int64_t d;

	(void)state;
	for (size_t i = 0; i < sizeof days / sizeof *days; i++) {
		assert_true(clock_date_parse(days[i][0], &d));
		clock_date_format(clock_monday(d), out);
		assert_string_equal(out, days[i][1]);
	}
}

static void test_timestamps_are_rfc3339_utc(void **state)
{
	char out[CLOCK_ISO_LEN];

	(void)state;
	clock_iso8601(0, out);
	assert_string_equal(out, "1970-01-01T00:00:00Z");
	clock_iso8601(1795421859, out);
	assert_string_equal(out, "2026-11-23T08:17:39Z");
	assert_int_equal(clock_year(1795421859), 2026);
}

/* What the formatters wrote through snprintf, from the C library's own
 * calendar: the year modulo 10,000 in four places (a sign counts as one). */
static void reference(int64_t t, int offset, bool with_time, char *out, size_t size)
{
	time_t local = (time_t)(t + (int64_t)offset * 60);
	int a = offset < 0 ? -offset : offset;
	struct tm tm;
	int n;

	assert_non_null(gmtime_r(&local, &tm));
	n = snprintf(out, size, "%04d-%02d-%02d", (int)(((int64_t)tm.tm_year + 1900) % 10000), tm.tm_mon + 1,
		     tm.tm_mday);
	if (with_time)
		n += snprintf(out + n, size - (size_t)n, "T%02d:%02d:%02d", tm.tm_hour, tm.tm_min, tm.tm_sec);
	if (with_time && offset == 0)
		snprintf(out + n, size - (size_t)n, "Z");
	else if (with_time)
		snprintf(out + n, size - (size_t)n, "%c%02d:%02d", offset < 0 ? '-' : '+', a / 60, a % 60);
}

/* Every day from 1600 to 2500, and instants and zones at random from the
 * year -1200 to 11,000, are written as the C library's calendar has them. */
static void test_dates_and_times_are_written_as_the_calendar_has_them(void **state)
{
	char got[CLOCK_ISO_LEN], want[CLOCK_ISO_LEN];
	uint64_t r = 7;

	(void)state;
	for (int64_t d = -135140; d <= 193540; d++) {
		clock_date_format(d, got);
		reference(d * 86400, 0, false, want, sizeof want);
		assert_string_equal(got, want);
	}
	for (int i = 0; i < 200000; i++) {
		int64_t t;
		int offset;

		r = r * 6364136223846793005ULL + 1442695040888963407ULL;
		t = (int64_t)(r >> 24) % 320000000000LL - 100000000000LL;
		offset = (int)((r >> 8) % 1799) - 899;
		clock_iso8601(t, got);
		reference(t, 0, true, want, sizeof want);
		assert_string_equal(got, want);
		clock_rfc3339_format(t, offset, got);
		reference(t, offset, true, want, sizeof want);
		assert_string_equal(got, want);
	}
}

static void test_arena_hands_out_aligned_zeroed_memory_and_big_blocks(void **state)
{
	struct arena *a = arena_new();
	char *big;

	(void)state;
	assert_non_null(a);
	for (int i = 0; i < 1000; i++) {
		unsigned char *p = arena_alloc(a, (size_t)(i % 97) + 1);
		assert_non_null(p);
		assert_int_equal((uintptr_t)p % 16, 0);
		assert_int_equal(p[0], 0);
		p[0] = 0xAA;
	}
	big = arena_alloc(a, 1 << 20);
	assert_non_null(big);
	memset(big, 1, 1 << 20);
	assert_string_equal(arena_printf(a, "%s-%d", "case", 7), "case-7");
	assert_string_equal(arena_strndup(a, "abcdef", 3), "abc");
	arena_free(a);
	arena_free(NULL);
}

/* An array grows by doubling, keeps what it held, and is left alone while
 * it has room. */
static void test_arena_grows_an_array_keeping_its_elements(void **state)
{
	struct arena *a = arena_new();
	size_t cap = 0, n = 0;
	int *v = NULL;

	(void)state;
	for (int i = 0; i < 1000; i++) {
		int *was = v;
		size_t had = cap;
		assert_non_null(v = arena_grow(a, v, n, n + 1, &cap, 4, sizeof *v));
		assert_true(cap >= n + 1);
		if (had > n)
			assert_ptr_equal(v, was);
		v[n++] = i;
	}
	assert_int_equal(cap, 1024);
	for (int i = 0; i < 1000; i++)
		assert_int_equal(v[i], i);
	/* room for several at once, as pairs want */
	cap = 0;
	assert_non_null(arena_grow(a, NULL, 0, 70, &cap, 64, sizeof *v));
	assert_int_equal(cap, 128);
	arena_free(a);
}

static void test_buffer_refuses_to_grow_past_its_maximum(void **state)
{
	struct buf b;
	char *taken;
	size_t len;

	(void)state;
	buf_init(&b, 10);
	assert_int_equal(buf_puts(&b, "0123456789"), 0);
	assert_int_equal(buf_puts(&b, "x"), TANDEM_ETOOBIG);
	assert_int_equal(b.len, 10);
	taken = buf_take(&b, &len);
	assert_int_equal(len, 10);
	assert_string_equal(taken, "0123456789");
	assert_null(b.data);
	free(taken);
	buf_init(&b, 64);
	assert_int_equal(buf_printf(&b, "%d-%s", 5, "x"), 0);
	assert_string_equal(b.data, "5-x");
	buf_free(&b);
}

static void test_error_codes_map_to_statuses(void **state)
{
	struct tandem_err e;

	(void)state;
	assert_int_equal(tandem_code_status(TANDEM_EINVAL), 422);
	assert_int_equal(tandem_code_status(TANDEM_EDENIED), 403);
	assert_int_equal(tandem_code_status(TANDEM_ELIMIT), 429);
	assert_int_equal(tandem_code_status(TANDEM_ETOOBIG), 413);
	assert_int_equal(tandem_code_status(-999), 500);
	assert_int_equal(tandem_fail_field(&e, TANDEM_EINVAL, NULL, "email", "bad %s", "email"), TANDEM_EINVAL);
	assert_string_equal(e.slug, "invalid_field");
	assert_string_equal(e.field, "email");
	assert_string_equal(e.msg, "bad email");
}

static struct slots *shared_slots;
static int refused;   /* under refused_lock */
static pthread_mutex_t refused_lock = PTHREAD_MUTEX_INITIALIZER;

static void *enter_and_leave(void *arg)
{
	bool in = slots_enter(shared_slots);

	(void)arg;
	if (in) {
		slots_leave(shared_slots);
	} else {
		pthread_mutex_lock(&refused_lock);
		refused++;
		pthread_mutex_unlock(&refused_lock);
	}
	return in ? shared_slots : NULL;
}

static int refused_count(void)
{
	int n;

	pthread_mutex_lock(&refused_lock);
	n = refused;
	pthread_mutex_unlock(&refused_lock);
	return n;
}

static void test_slots_admit_its_slots_queues_a_few_and_refuses_the_rest_at_once(void **state)
{
	const struct timespec tick = { 0, 1000000 };
	pthread_t t[2];
	void *got[2];

	(void)state;
	shared_slots = slots_new(1, 1);
	assert_non_null(shared_slots);
	assert_true(slots_enter(shared_slots));
	/* One slot held, room for one waiter: of two more callers, one waits and
	 * the other is refused while the slot is still held. */
	for (int i = 0; i < 2; i++)
		assert_int_equal(pthread_create(&t[i], NULL, enter_and_leave, NULL), 0);
	for (int i = 0; i < 10000 && refused_count() == 0; i++)
		nanosleep(&tick, NULL);
	assert_int_equal(refused_count(), 1);
	slots_leave(shared_slots);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], &got[i]);
	assert_true((got[0] != NULL) != (got[1] != NULL));
	slots_free(shared_slots);
	slots_free(NULL);
}

static void test_slots_without_a_queue_refuse_when_full(void **state)
{
	struct slots *g = slots_new(2, 0);

	(void)state;
	assert_true(slots_enter(g));
	assert_true(slots_enter(g));
	assert_false(slots_enter(g));
	slots_leave(g);
	assert_true(slots_enter(g));
	slots_leave(g);
	slots_leave(g);
	slots_free(g);
}

/* A comma-separated list walked item by item, and asked what it holds,
 * before a point or anywhere. */
static void test_lists_are_walked_and_asked(void **state)
{
	const char *list = "status,contact,,needs", *p = list, *item, *second;
	size_t n;

	(void)state;
	assert_non_null(item = text_list_next(&p, &n));
	assert_true(n == 6 && !strncmp(item, "status", n));
	assert_non_null(second = text_list_next(&p, &n));
	assert_true(n == 7 && !strncmp(second, "contact", n));
	assert_non_null(item = text_list_next(&p, &n));
	assert_int_equal(n, 0);
	assert_non_null(item = text_list_next(&p, &n));
	assert_true(n == 5 && !strncmp(item, "needs", n));
	assert_null(text_list_next(&p, &n));
	assert_null(text_list_next(&(const char *){ NULL }, &n));
	assert_true(text_list_has(list, NULL, "needs", 5));
	assert_false(text_list_has(list, NULL, "need", 4));
	assert_true(text_list_has(list, second, "status", 6));
	assert_false(text_list_has(list, second, "contact", 7));
}

/* Found by fuzzing: a lead byte at the end of a field made the folder read
 * past the text's end, and control characters went out as they came. */
static void test_ical_text_keeps_to_its_line_whatever_it_holds(void **state)
{
	struct ical_event ev = { .uid = "u1", .summary = "a\001b\177\tc", .location = "end\xF3",
				 .description = "\xE2\x82", .status = "CONFIRMED" };
	struct buf b;

	(void)state;
	buf_init(&b, 1 << 16);
	assert_int_equal(ical_write(&b, &ev, 1), 0);
	assert_non_null(strstr(b.data, "\r\nSUMMARY:ab\tc\r\n"));
	assert_non_null(strstr(b.data, "\r\nLOCATION:end\xF3\r\n"));
	assert_non_null(strstr(b.data, "\r\nDESCRIPTION:\xE2\x82\r\n"));
	assert_int_equal(strlen(b.data), b.len);
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_accepts_text_in_every_script_we_serve),
		cmocka_unit_test(test_utf8_refuses_malformed_sequences),
		cmocka_unit_test(test_utf8_trim_drops_a_character_cut_in_half),
		cmocka_unit_test(test_ids_are_positive_whole_numbers_only),
		cmocka_unit_test(test_blank_text_is_only_spaces_of_any_kind),
		cmocka_unit_test(test_email_addresses),
		cmocka_unit_test(test_searches_fold_capitals_and_accents_and_keep_other_scripts),
		cmocka_unit_test(test_dates_are_real_calendar_dates),
		cmocka_unit_test(test_a_day_falls_in_the_week_of_its_monday),
		cmocka_unit_test(test_timestamps_are_rfc3339_utc),
		cmocka_unit_test(test_dates_and_times_are_written_as_the_calendar_has_them),
		cmocka_unit_test(test_arena_hands_out_aligned_zeroed_memory_and_big_blocks),
		cmocka_unit_test(test_arena_grows_an_array_keeping_its_elements),
		cmocka_unit_test(test_buffer_refuses_to_grow_past_its_maximum),
		cmocka_unit_test(test_error_codes_map_to_statuses),
		cmocka_unit_test(test_slots_admit_its_slots_queues_a_few_and_refuses_the_rest_at_once),
		cmocka_unit_test(test_slots_without_a_queue_refuse_when_full),
		cmocka_unit_test(test_lists_are_walked_and_asked),
		cmocka_unit_test(test_ical_text_keeps_to_its_line_whatever_it_holds),
	};
	return cmocka_run_group_tests_name("lib", tests, NULL, NULL);
}

/* test_json_text.c - replies written by json_text_write are byte for byte
 * what jansson's json_dumps(JSON_COMPACT) writes, for every kind of value,
 * every character that needs escaping and random trees. */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/lib/buf.h"
#include "../../src/lib/err.h"
#include "../../src/lib/json_text.h"

/* Compares the two writers on j, and takes j. */
static void same_as_jansson(json_t *j)
{
	struct buf b;
	char *want = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY);

	assert_non_null(want);
	buf_init(&b, 1 << 20);
	assert_int_equal(json_text_write(&b, j), 0);
	assert_string_equal(b.data, want);
	assert_int_equal(b.len, strlen(want));
	buf_free(&b);
	free(want);
	json_decref(j);
}

static void test_every_kind_of_value_reads_as_jansson_writes_it(void **state)
{
	(void)state;
	same_as_jansson(json_null());
	same_as_jansson(json_true());
	same_as_jansson(json_false());
	same_as_jansson(json_integer(0));
	same_as_jansson(json_integer(-7));
	same_as_jansson(json_integer(LLONG_MAX));
	same_as_jansson(json_integer(LLONG_MIN));
	same_as_jansson(json_real(0.1));
	same_as_jansson(json_real(-2.5e300));
	same_as_jansson(json_real(3));
	same_as_jansson(json_object());
	same_as_jansson(json_array());
	same_as_jansson(json_pack("{s:[i,s,{}], s:{s:n, s:b}, s:[]}", "a", 1, "x", "b", "c", "d", 1, "e"));
}

/* Each of the first 128 characters alone and between others, text in
 * other scripts as it is, and a string holding a NUL. */
static void test_strings_escape_what_jansson_escapes(void **state)
{
	(void)state;
	for (int c = 1; c < 128; c++) {
		char s[4] = { 'a', (char)c, 'z', 0 };
		same_as_jansson(json_string(s));
		same_as_jansson(json_pack("{s:s}", s + 1, s));
	}
	same_as_jansson(json_string("مرحبا \"ሰላም\" Привіт/García \xF0\x9F\x98\x80 \xE2\x80\xA8"));
	same_as_jansson(json_stringn("a\0b", 3));
	same_as_jansson(json_string(""));
}

static uint64_t rng_state = 15;

static unsigned rng(unsigned n)
{
	rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)(rng_state >> 33) % n;
}

static json_t *random_value(int depth)
{
	static const char *const words[] = { "", "x", "Haddad", "a\"b", "c\\d", "e\nf\tg", "\x01\x1f", "مرحبا", "/" };
	json_t *j;

	switch (depth > 3 ? 2 + rng(5) : rng(7)) {
	case 0:
		j = json_object();
		for (unsigned n = rng(5); n > 0; n--)
			json_object_set_new(j, words[rng(9)], random_value(depth + 1));
		return j;
	case 1:
		j = json_array();
		for (unsigned n = rng(5); n > 0; n--)
			json_array_append_new(j, random_value(depth + 1));
		return j;
	case 2:
		return json_string(words[rng(9)]);
	case 3:
		return json_integer((json_int_t)(rng(1u << 31)) * (rng(2) ? -1 : 1) * (rng(2) ? 1000003 : 1));
	case 4:
		return json_real((double)rng(100000) / 7);
	case 5:
		return json_boolean(rng(2));
	default:
		return json_null();
	}
}

static void test_random_trees_read_as_jansson_writes_them(void **state)
{
	(void)state;
	for (int i = 0; i < 2000; i++)
		same_as_jansson(random_value(0));
}

/* A buffer too small for the text says so, rather than cutting it. */
static void test_a_reply_larger_than_its_bound_is_refused(void **state)
{
	struct buf b;
	json_t *j = json_pack("[s,s]", "0123456789", "0123456789");

	(void)state;
	buf_init(&b, 16);
	assert_int_equal(json_text_write(&b, j), TANDEM_ETOOBIG);
	buf_free(&b);
	json_decref(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_kind_of_value_reads_as_jansson_writes_it),
		cmocka_unit_test(test_strings_escape_what_jansson_escapes),
		cmocka_unit_test(test_random_trees_read_as_jansson_writes_them),
		cmocka_unit_test(test_a_reply_larger_than_its_bound_is_refused),
	};
	return cmocka_run_group_tests_name("json_text", tests, NULL, NULL);
}

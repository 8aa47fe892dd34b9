/* test_json_text.c - replies written by json_text_write, and those written
 * as they go, are byte for byte what jansson's json_dumps(JSON_COMPACT)
 * writes, for every kind of value, every character that needs escaping and
 * random trees; a text written as it goes refuses to be ill-formed. */
#include <limits.h>
#include <stdbool.h>
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

/* The streaming writer has no reals: the hottest replies hold none. */
static bool no_reals;

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
		return no_reals ? json_null() : json_real((double)rng(100000) / 7);
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

/* Writes j through the streaming writer, member by member. */
static void stream(struct json_text *w, const json_t *j)
{
	const char *key;
	json_t *v;

	switch (json_typeof(j)) {
	case JSON_OBJECT:
		json_text_open(w, '{');
		json_object_foreach((json_t *)j, key, v) {
			json_text_key(w, key);
			stream(w, v);
		}
		json_text_close(w, '{');
		break;
	case JSON_ARRAY:
		json_text_open(w, '[');
		for (size_t i = 0; i < json_array_size(j); i++)
			stream(w, json_array_get(j, i));
		json_text_close(w, '[');
		break;
	case JSON_STRING:
		json_text_str(w, json_string_value(j));
		break;
	case JSON_INTEGER:
		json_text_int(w, json_integer_value(j));
		break;
	case JSON_TRUE:
	case JSON_FALSE:
		json_text_bool(w, json_is_true(j));
		break;
	default:
		json_text_null(w);
	}
}

/* Takes j. */
static void streams_as_jansson_writes(json_t *j)
{
	struct json_text w;
	char *want = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY), *got;
	size_t len = 0;
	int rc = -1;

	json_text_init(&w, 1 << 20);
	stream(&w, j);
	got = json_text_take(&w, &len, &rc);
	assert_int_equal(rc, 0);
	assert_non_null(want);
	assert_non_null(got);
	assert_string_equal(got, want);
	assert_int_equal(len, strlen(want));
	free(got);
	free(want);
	json_decref(j);
}

static void test_a_text_written_as_it_goes_reads_as_jansson_writes_it(void **state)
{
	(void)state;
	streams_as_jansson_writes(json_pack("{s:[i,s,{}], s:{s:n, s:b}, s:[], s:[[],{}]}", "a", 1, "x", "b", "c",
					    "d", 1, "e", "f"));
	streams_as_jansson_writes(json_integer(LLONG_MIN));
	streams_as_jansson_writes(json_string("\x01\"\\ مرحبا"));
	no_reals = true;
	for (int i = 0; i < 2000; i++)
		streams_as_jansson_writes(random_value(0));
	no_reals = false;
}

static void refused(struct json_text *w, int want)
{
	size_t len = 0;
	int rc = 0;
	char *text = json_text_take(w, &len, &rc);

	assert_null(text);
	assert_int_equal(rc, want);
}

/* Unbalanced, a bracket closed by the other kind, a key without its value,
 * out of an object or after another key, a value in an object without its
 * key, two values at the top, nothing at all, nesting past the bound and a
 * text past its size fail at the end, and nothing written after the first
 * error changes which. */
static void test_an_ill_formed_text_is_refused_rather_than_written(void **state)
{
	struct json_text w;

	(void)state;
	json_text_init(&w, 1 << 10);
	json_text_open(&w, '{');
	refused(&w, TANDEM_EINVAL);
	json_text_close(&w, '[');
	refused(&w, TANDEM_EINVAL);
	json_text_open(&w, '{');
	json_text_key(&w, "a");
	json_text_close(&w, '{');
	json_text_null(&w);
	refused(&w, TANDEM_EINVAL);
	json_text_open(&w, '{');
	json_text_key(&w, "a");
	refused(&w, TANDEM_EINVAL);
	refused(&w, TANDEM_EINVAL);
	json_text_open(&w, '{');
	json_text_close(&w, '[');
	refused(&w, TANDEM_EINVAL);
	json_text_open(&w, '[');
	json_text_key(&w, "k");
	json_text_int(&w, 1);
	json_text_close(&w, '[');
	refused(&w, TANDEM_EINVAL);
	json_text_open(&w, '{');
	json_text_int(&w, 1);
	json_text_close(&w, '{');
	refused(&w, TANDEM_EINVAL);
	json_text_open(&w, '{');
	json_text_key(&w, "a");
	json_text_key(&w, "b");
	json_text_int(&w, 1);
	json_text_close(&w, '{');
	refused(&w, TANDEM_EINVAL);
	json_text_key(&w, "a");
	json_text_int(&w, 1);
	refused(&w, TANDEM_EINVAL);
	json_text_int(&w, 1);
	json_text_int(&w, 2);
	refused(&w, TANDEM_EINVAL);
	for (int i = 0; i <= JSON_TEXT_DEPTH; i++)
		json_text_open(&w, '[');
	for (int i = 0; i <= JSON_TEXT_DEPTH; i++)
		json_text_close(&w, '[');
	refused(&w, TANDEM_ETOOBIG);
	json_text_init(&w, 16);
	json_text_open(&w, '[');
	json_text_str(&w, "0123456789");
	json_text_str(&w, "0123456789");
	json_text_close(&w, '[');
	refused(&w, TANDEM_ETOOBIG);
}

/* Text that is not UTF-8 cannot be in a JSON text: it is written as null,
 * as is NULL. */
static void test_text_that_is_not_utf8_is_written_as_null(void **state)
{
	struct json_text w;
	size_t len = 0;
	int rc = -1;
	char *text;

	(void)state;
	json_text_init(&w, 1 << 10);
	json_text_open(&w, '[');
	json_text_str(&w, "caf\xe9");
	json_text_str(&w, "\xc0\xaf");
	json_text_str(&w, NULL);
	json_text_str(&w, "caf\xc3\xa9");
	json_text_close(&w, '[');
	text = json_text_take(&w, &len, &rc);
	assert_int_equal(rc, 0);
	assert_string_equal(text, "[null,null,null,\"caf\xc3\xa9\"]");
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_kind_of_value_reads_as_jansson_writes_it),
		cmocka_unit_test(test_strings_escape_what_jansson_escapes),
		cmocka_unit_test(test_random_trees_read_as_jansson_writes_them),
		cmocka_unit_test(test_a_reply_larger_than_its_bound_is_refused),
		cmocka_unit_test(test_a_text_written_as_it_goes_reads_as_jansson_writes_it),
		cmocka_unit_test(test_an_ill_formed_text_is_refused_rather_than_written),
		cmocka_unit_test(test_text_that_is_not_utf8_is_written_as_null),
	};
	return cmocka_run_group_tests_name("json_text", tests, NULL, NULL);
}

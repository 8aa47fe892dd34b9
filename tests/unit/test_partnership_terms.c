/* test_partnership_terms.c - the agreement template as shipped: every
 * clause and activity loads (a key, a party for clauses, words in English,
 * French and Arabic), and a draft's terms are checked as the API says. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include <jansson.h>

#include "../../src/domain/partnership_terms.h"

extern const char partnership_template_json[];

static void check_list(bool clauses, const char *name)
{
	json_t *doc = json_loads(partnership_template_json, 0, NULL);
	struct partnership_term *t;
	struct arena *a = arena_new();
	size_t n;

	assert_non_null(doc);
	assert_int_equal(partnership_terms_template(clauses, a, &t, &n), 0);
	assert_int_equal(n, json_array_size(json_object_get(doc, name)));
	for (size_t i = 0; i < n; i++) {
		const char *en = partnership_term_text(clauses, &t[i], "en");
		const char *fr = partnership_term_text(clauses, &t[i], "fr");
		const char *ar = partnership_term_text(clauses, &t[i], "ar");
		assert_true(en[0] && fr[0] && ar[0]);
		assert_string_not_equal(en, fr);
		assert_string_not_equal(en, ar);
		assert_true(!clauses || t[i].party);
	}
	assert_int_equal(partnership_terms_check(clauses, t, n, name, NULL), 0);
	arena_free(a);
	json_decref(doc);
}

static void test_every_clause_and_activity_loads_in_three_languages(void **state)
{
	(void)state;
	check_list(true, "clauses");
	check_list(false, "activities");
}

static void test_terms_are_the_templates_or_the_parties_own(void **state)
{
	struct partnership_term ok[] = { { .key = "privacy", .party = "spo" }, { .party = "both", .text = "Meet monthly." } };
	struct partnership_term no_party[] = { { .text = "Who?" } };
	struct partnership_term bad_key[] = { { .key = "nothing" } };
	struct partnership_term empty[] = { { .party = "spo", .text = "" } };
	struct partnership_term twice[] = { { .key = "privacy" }, { .key = "referral" }, { .key = "privacy" } };

	(void)state;
	assert_int_equal(partnership_terms_check(true, ok, 2, "clauses", NULL), 0);
	assert_string_equal(ok[0].party, "both");   /* the template's party, not the one given */
	assert_int_equal(partnership_terms_check(true, no_party, 1, "clauses", NULL), TANDEM_EINVAL);
	assert_int_equal(partnership_terms_check(true, bad_key, 1, "clauses", NULL), TANDEM_EINVAL);
	assert_int_equal(partnership_terms_check(false, empty, 1, "activities", NULL), TANDEM_EINVAL);
	assert_int_equal(partnership_terms_check(true, twice, 3, "clauses", NULL), TANDEM_EINVAL);
	assert_int_equal(partnership_terms_check(true, ok, 0, "clauses", NULL), TANDEM_EINVAL);
	assert_int_equal(partnership_terms_check(false, ok, 0, "activities", NULL), 0);
}

/* Own words as any text field: not blank, no control characters, and
 * room for 1,000 characters of Arabic (two bytes each). */
static void test_own_words_are_checked_as_text(void **state)
{
	static char arabic[2 * 1000 + 1];
	struct partnership_term blank[] = { { .party = "sah", .text = "  \n " } };
	struct partnership_term control[] = { { .party = "sah", .text = "Meet\x01 monthly" } };
	struct partnership_term long_ar[] = { { .party = "sah", .text = arabic } };

	(void)state;
	for (size_t i = 0; i < 1000; i++)
		memcpy(arabic + 2 * i, "\xd8\xa8", 2);   /* ب */
	assert_int_equal(partnership_terms_check(true, blank, 1, "clauses", NULL), TANDEM_EINVAL);
	assert_int_equal(partnership_terms_check(true, control, 1, "clauses", NULL), TANDEM_EINVAL);
	assert_int_equal(partnership_terms_check(true, long_ar, 1, "clauses", NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_clause_and_activity_loads_in_three_languages),
		cmocka_unit_test(test_terms_are_the_templates_or_the_parties_own),
		cmocka_unit_test(test_own_words_are_checked_as_text),
	};
	return cmocka_run_group_tests_name("partnership terms", tests, NULL, NULL);
}

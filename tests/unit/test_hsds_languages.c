/* test_hsds_languages.c - the language codes and names an HSDS package may give,
 * made tandem's: ISO 639-1, 639-2/B and 639-3 codes, tags with a region or
 * script, English names; Dari and Sorani kept apart. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "../../src/domain/hsds_impl.h"

static void test_codes_and_names_become_tandems_codes(void **state)
{
	static const char *const cases[][2] = {
		{ "ar", "ar" },   { "ara", "ar" },    { "apc", "ar" },      { "ar-SY", "ar" }, { " EN ", "en" },
		{ "fre", "fr" },  { "fra", "fr" },    { "fr_CA", "fr" },    { "prs", "prs" },  { "Dari", "prs" },
		{ "fas", "fa" },  { "Persian", "fa" }, { "ckb", "ckb" },    { "Sorani", "ckb" },
		{ "Central Kurdish", "ckb" }, { "kur", "ku" }, { "Kurdish", "ku" }, { "tir", "ti" },
		{ "zh-Hans", "zh" }, { "cmn", "zh" }, { "swh", "sw" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		const char *got = hsds_language_code(cases[i][0]);
		if (!got)
			fail_msg("%s: unknown", cases[i][0]);
		assert_string_equal(got, cases[i][1]);
	}
}

static void test_what_is_not_a_language_tandem_knows_is_refused(void **state)
{
	static const char *const bad[] = { "xx", "Klingon", "", "arabic-ish", "a", "interpretation" };

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		assert_null(hsds_language_code(bad[i]));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_codes_and_names_become_tandems_codes),
		cmocka_unit_test(test_what_is_not_a_language_tandem_knows_is_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_plan_template.c - data/plan-template.json is well formed: every
 * task has a unique key, a known party, due days, and a title in English,
 * French and Arabic that fits the plan's title buffer. */
#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/domain/plan.h"

extern const char plan_template_json[];

static void test_every_task_is_complete_in_three_languages(void **state)
{
	json_t *doc = json_loads(plan_template_json, 0, NULL), *t;
	const char *parties[] = { "sponsor", "worker", "refugee", "shared" };
	const char *keys[64];
	size_t i;

	(void)state;
	assert_non_null(doc);
	assert_true(json_array_size(json_object_get(doc, "tasks")) >= 12);
	json_array_foreach(json_object_get(doc, "tasks"), i, t) {
		const char *key = json_string_value(json_object_get(t, "key"));
		const char *resp = json_string_value(json_object_get(t, "responsible"));
		bool known = false;
		assert_non_null(key);
		for (size_t k = 0; k < i; k++)
			assert_string_not_equal(keys[k], key);
		keys[i] = key;
		for (size_t p = 0; resp && p < 4; p++)
			known |= strcmp(resp, parties[p]) == 0;
		assert_true(known);
		assert_true(json_is_integer(json_object_get(t, "due_days")));
		for (int l = 0; l < 3; l++) {
			const char *title = json_string_value(json_object_get(json_object_get(t, "title"),
									      (const char *[]){ "en", "fr", "ar" }[l]));
			assert_non_null(title);
			assert_true(strlen(title) > 0 && strlen(title) < 256);
		}
	}
	json_decref(doc);
}

static void test_titles_follow_the_language_with_english_as_fallback(void **state)
{
	struct task_rec t = { .template_key = "bank_account" }, own = { .title = "Winter clothing" };

	(void)state;
	assert_string_equal(plan_title(&t, "en"), "Open a bank account");
	assert_string_equal(plan_title(&t, "fr"), "Ouvrir un compte bancaire");
	assert_string_equal(plan_title(&t, "de"), "Open a bank account");
	assert_string_equal(plan_title(&own, "ar"), "Winter clothing");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_task_is_complete_in_three_languages),
		cmocka_unit_test(test_titles_follow_the_language_with_english_as_fallback),
	};
	return cmocka_run_group_tests_name("plan_template", tests, NULL, NULL);
}
